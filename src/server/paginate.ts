// Cursor pagination of merged lists: the cursor is an opaque offset into the gateway's own merged list.

export const PAGE_SIZE = 500;

export function paginate<T>(items: readonly T[], cursor: string | undefined, size = PAGE_SIZE): { items: T[]; nextCursor?: string } {
  let start = 0;
  if (cursor !== undefined) {
    const n = Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10);
    start = Number.isFinite(n) && n >= 0 ? n : 0;
  }
  const page = items.slice(start, start + size);
  const next = start + size;
  return next < items.length ? { items: page, nextCursor: Buffer.from(String(next)).toString('base64url') } : { items: page };
}
