// Fetching JSON from the RxAtlas API; errors surface the ProblemDetails title and messages.

export async function getJson(path, params, signal) {
  const query = params ? `?${params}` : '';
  const response = await fetch(`${path}${query}`, { signal, headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      const details = problem.errors ? Object.values(problem.errors).flat().join(' ') : problem.detail;
      message = [problem.title, details].filter(Boolean).join(' ');
    } catch { /* not JSON */ }
    throw new Error(message);
  }
  return response.json();
}
