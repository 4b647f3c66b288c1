// Prettier: the code's format, checked in CI (`npm run format:check`). Chosen as close to the style
// the code was written in as Prettier can be: single quotes, semicolons, trailing commas, 2 spaces,
// and long lines (160: at 140 twice as many lines changed when it was applied, at 180 long calls
// stayed on one line past what a reader takes in).
/** @type {import('prettier').Config} */
export default {
  printWidth: 160,
  singleQuote: true,
  trailingComma: 'all',
  arrowParens: 'always',
};
