// A text's characters as PostgreSQL counts them: code points (char_length, and the positions in its
// error messages). An emoji of two UTF-16 units is one; a flag or a family emoji (several code points
// joined) is several, in PostgreSQL as here, so a limit checked here is the limit the column keeps.

/** The code points of a text. */
export function codePoints(text: string): string[] {
  return Array.from(text);
}
