// Fetching JSON from the RxAtlas API; errors surface the ProblemDetails title and messages. Every data answer says the
// warehouse's data version (X-RxAtlas-Data-Version, on 200 and 304 alike); when an answer shows a newer one than seen
// before, new data has been loaded, and the listeners given to onNewData hear of it.

const DATA_VERSION = 'X-RxAtlas-Data-Version';
const newDataListeners = [];
let dataVersion = null;

/** Calls `listener()` whenever an answer shows a newer data version than any answer before it. */
export function onNewData(listener) {
  newDataListeners.push(listener);
}

function noteDataVersion(response) {
  const text = response.headers.get(DATA_VERSION);
  if (!text || !/^\d+$/.test(text)) return;
  const version = BigInt(text);
  const seen = dataVersion;
  // An answer to an older request may come after a newer one: only a newer version means new data.
  if (seen !== null && version <= seen) return;
  dataVersion = version;
  if (seen !== null) for (const listener of newDataListeners) listener();
}

export async function getJson(path, params, signal) {
  const query = params ? `?${params}` : '';
  const response = await fetch(`${path}${query}`, { signal, headers: { Accept: 'application/json' } });
  noteDataVersion(response);
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
