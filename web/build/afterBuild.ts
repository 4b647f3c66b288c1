// What the web app's build does after Vite has written it (a plugin of web/vite.config.ts, so it
// runs for `npm run build:web`, for `npm start` when it rebuilds, and for the tests' own builds):
//  1. the public medicine pages pre-rendered into prerendered/<address>.html (web/src/prerender.tsx):
//     real HTML that a browser without JavaScript or a search engine reads, with the public part's
//     stylesheets (and noscript.css for a browser without scripts), and its script preloaded for
//     those who have JavaScript;
//  2. every text file of the build compressed beforehand, brotli and gzip beside the file
//     (x.js.br, x.js.gz), which the server sends to a browser that accepts them (src/api/webApp.ts):
//     the best compression once at build, instead of a faster, weaker one on every request.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { createServer, type Plugin, type ResolvedConfig } from 'vite';

/** The folder of the build that holds the pre-rendered pages (read by src/api/webApp.ts). */
export const PRERENDERED_DIR = 'prerendered';

/** The module the pages are rendered with, and what it answers (web/src/prerender.tsx). */
const PRERENDER_MODULE = '/src/prerender.tsx';
const PUBLIC_PART = 'src/pages/public/PublicSite.tsx';
interface PrerenderedPage {
  path: string;
  locale: string;
  htmlLang: string;
  title: string;
  description: string;
  html: string;
}

/** A stylesheet only for browsers without JavaScript (web/public, copied as it is into the build). */
const NOSCRIPT_STYLESHEET = 'noscript.css';

/** Files worth compressing: text. Source maps are left as they are (only developer tools read them). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|xml|webmanifest)$/;
/** Below this a compressed copy saves less than a network packet. */
export const MIN_COMPRESS_BYTES = 1024;

export function prerenderAndCompress(): Plugin {
  let config: ResolvedConfig | undefined;
  return {
    name: 'isocourse:prerender-and-compress',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      async handler() {
        if (config === undefined || config.build.ssr !== false) {
          return;
        }
        const outDir = path.resolve(config.root, config.build.outDir);
        if (!fs.existsSync(path.join(outDir, 'index.html'))) {
          return; // the build failed: Vite says why
        }
        await prerenderPublicPages(config.root, outDir);
        compressFiles(outDir);
      },
    },
  };
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}

/** The files a part of the app needs beyond those the entry (index.html) loads: its scripts and stylesheets. */
function partFiles(manifest: Record<string, ManifestChunk>, part: string): { scripts: string[]; styles: string[] } {
  const loadedByEntry = new Set<string>();
  const collect = (key: string, into: Set<string>) => {
    if (into.has(key) || manifest[key] === undefined) {
      return;
    }
    into.add(key);
    for (const imported of manifest[key].imports ?? []) {
      collect(imported, into);
    }
  };
  collect('index.html', loadedByEntry);
  const needed = new Set<string>();
  collect(part, needed);
  // collect() only adds keys the manifest has, so every chunk is found.
  const chunks = [...needed].filter((key) => !loadedByEntry.has(key)).flatMap((key) => manifest[key] ?? []);
  if (chunks.length === 0) {
    throw new Error(`the build has no chunk for ${part}: is it still imported with import() in App.tsx?`);
  }
  return { scripts: chunks.map((chunk) => chunk.file), styles: chunks.flatMap((chunk) => chunk.css ?? []) };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Renders each public medicine page with Vite's module loader (the sources as the build saw them). */
async function prerenderPublicPages(root: string, outDir: string): Promise<void> {
  // The app page's note for a browser without scripts is left out: these pages are what it reads.
  const template = replaceOnce(fs.readFileSync(path.join(outDir, 'index.html'), 'utf8'), /<noscript>[\s\S]*?<\/noscript>\s*/, '');
  const manifest = JSON.parse(fs.readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const { scripts, styles } = partFiles(manifest, PUBLIC_PART);
  const head = [
    ...styles.map((file) => `<link rel="stylesheet" href="/${file}">`),
    ...scripts.map((file) => `<link rel="modulepreload" href="/${file}">`),
    // Without scripts the Menu button cannot open the menu: web/public/noscript.css shows it open.
    `<noscript><link rel="stylesheet" href="/${NOSCRIPT_STYLESHEET}"></noscript>`,
  ].join('');
  // Its cache in a folder of its own: several builds may run at once (each test process makes one).
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocourse-prerender-'));
  const server = await createServer({
    configFile: false,
    root,
    cacheDir,
    plugins: [react()],
    logLevel: 'warn',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const { prerenderPublicPages: render } = (await server.ssrLoadModule(PRERENDER_MODULE)) as { prerenderPublicPages: () => Promise<PrerenderedPage[]> };
    const pages = await render();
    for (const page of pages) {
      // Each language's version of the page named for search engines (hreflang), English the default.
      // The addresses are relative to the site: the build does not know the address it is served at.
      const alternates = pages
        .filter((other) => other.path === page.path)
        .map((other) => `<link rel="alternate" hreflang="${other.locale}" href="${alternateHref(other)}">`);
      alternates.push(`<link rel="alternate" hreflang="x-default" href="${page.path}">`);
      const html = replaceOnce(
        replaceOnce(
          replaceOnce(
            replaceOnce(
              replaceOnce(template, /<title>[^<]*<\/title>/, `<title>${escapeHtml(page.title)}</title>`),
              /<meta name="description" content="[^"]*" \/>/,
              `<meta name="description" content="${escapeHtml(page.description)}" />`,
            ),
            /<\/head>/,
            `${alternates.join('')}${head}</head>`,
          ),
          /<div id="root"><\/div>/,
          // No white space around the markup: the app takes over exactly these nodes.
          `<div id="root">${page.html}</div>`,
        ),
        /<html lang="en">/,
        `<html lang="${page.htmlLang}">`,
      );
      // /medicine/faq.html in English, /medicine/faq.es.html in Spanish (src/api/webApp.ts serves
      // the latter at /medicine/faq?lang=es).
      const file = path.join(outDir, PRERENDERED_DIR, page.locale === 'en' ? `${page.path}.html` : `${page.path}.${page.locale}.html`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, html);
    }
  } finally {
    await server.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** A page's address in its language: ?lang= for any but English (what the app and the server read). */
function alternateHref(page: PrerenderedPage): string {
  return page.locale === 'en' ? page.path : `${page.path}?lang=${page.locale}`;
}

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) {
    throw new Error(`web/index.html has no ${pattern.source}: the pre-rendered pages are made from it`);
  }
  return text.replace(pattern, () => replacement);
}

function compressFiles(directory: string): void {
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) {
        compressFiles(file);
      }
      continue;
    }
    if (!COMPRESSIBLE.test(entry.name)) {
      continue;
    }
    const content = fs.readFileSync(file);
    if (content.length < MIN_COMPRESS_BYTES) {
      continue;
    }
    const brotli = zlib.brotliCompressSync(content, {
      params: {
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    });
    const gzip = zlib.gzipSync(content, { level: zlib.constants.Z_BEST_COMPRESSION });
    // A compressed copy that saves nothing is not written: the server then sends the file itself.
    if (brotli.length < content.length) {
      fs.writeFileSync(`${file}.br`, brotli);
    }
    if (gzip.length < content.length) {
      fs.writeFileSync(`${file}.gz`, gzip);
    }
  }
}
