# Sourced by .ci/run: starts the throwaway PostgreSQL server, exports RXATLAS_TEST_POSTGRES for the tests and stops the
# server when the CI shell exits (chained onto any EXIT trap an earlier setup script registered).
# Safe to source twice: a running server is reused.
_rxatlas_pg_script="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/postgres.sh"
eval "$("$_rxatlas_pg_script" start)"
export RXATLAS_TEST_POSTGRES
if [ -z "${_RXATLAS_PG_TRAP:-}" ]; then
  _RXATLAS_PG_TRAP=1
  _rxatlas_prev_trap="$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")"
  # shellcheck disable=SC2064
  trap "\"$_rxatlas_pg_script\" stop; ${_rxatlas_prev_trap}" EXIT
fi
