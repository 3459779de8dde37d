// The redaction preview: the server returns spans as UTF-8 byte offsets into the text; the page
// works in UTF-16 strings. segments(text, spans) cuts the text at those byte offsets and returns
// [{text, removed, type}] in order, so the page can highlight exactly what will be removed.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function segments(text, spans) {
  const bytes = encoder.encode(text);
  const sorted = [...(spans || [])]
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const out = [];
  let at = 0;
  for (const s of sorted) {
    const start = Math.max(at, Math.min(s.start, bytes.length));
    const end = Math.min(s.end, bytes.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: decoder.decode(bytes.subarray(at, start)), removed: false });
    out.push({ text: decoder.decode(bytes.subarray(start, end)), removed: true, type: s.type });
    at = end;
  }
  if (at < bytes.length) out.push({ text: decoder.decode(bytes.subarray(at)), removed: false });
  return out;
}
