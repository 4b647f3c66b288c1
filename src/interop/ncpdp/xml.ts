// NCPDP SCRIPT as XML, both ways: a received message read into a small element tree (element
// names compared case-insensitively and without their namespace prefix, because the peers disagree:
// the reference administrator lowercases every tag, the pharmacy system and the EHR do not, and none
// uses a target namespace), and answers written with xmlbuilder2.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';

/** One element: its local name as sent, its attributes (local names), its text and its child elements in order. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

/** A message that cannot be read as XML: what is wrong, for the sender's developer. */
export class UnreadableXml extends Error {}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
const sameName = (a: string, b: string): boolean => localName(a).toLowerCase() === b.toLowerCase();

/** The deepest nesting a SCRIPT message needs is about 10; anything far deeper is refused, not walked. */
const MAX_DEPTH = 64;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Values stay text: an NDC "0245-0571-01", a status "000" or a MessageID "1741014000000" are not numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // The XML entities and character references (&#65; &#x42;): fast-xml-parser decodes numeric
  // references only with htmlEntities, which also reads HTML's named ones (&nbsp;), harmlessly. It
  // drops a reference to what XML forbids (&#0;, a lone surrogate). No DOCTYPE is accepted (readXml).
  processEntities: true,
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- still what the pinned fast-xml-parser 5.12.1 does for numeric references; moving to entityDecoder is a follow-up with its own tests
  htmlEntities: true,
});

// What the parser hands back is read as unknown: an attribute's value is made text on purpose.
type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, unknown> };

/** A CDATA part's text (the parser gives a string, or a number or boolean it read in it); '' when absent. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function toElement(node: OrderedNode, depth: number): XmlElement | null {
  const name = Object.keys(node).find((key) => key !== ':@');
  if (name === undefined || name === '#text' || name === '#comment' || name === '#cdata' || name.startsWith('?')) {
    return null;
  }
  if (depth > MAX_DEPTH) {
    throw new UnreadableXml(`The message is nested more than ${MAX_DEPTH} elements deep.`);
  }
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(node[':@'] ?? {})) {
    // Namespace declarations say nothing about the message itself.
    if (key !== 'xmlns' && !key.startsWith('xmlns:')) {
      attributes[localName(key)] = String(value);
    }
  }
  const children: XmlElement[] = [];
  const texts: string[] = [];
  for (const child of (node[name] as OrderedNode[] | undefined) ?? []) {
    if ('#text' in child) {
      texts.push(String(child['#text']));
    } else if ('#cdata' in child) {
      for (const part of (child['#cdata'] as OrderedNode[] | undefined) ?? []) {
        texts.push(scalarText(part['#text']));
      }
    } else {
      const element = toElement(child, depth + 1);
      if (element !== null) {
        children.push(element);
      }
    }
  }
  return { name: localName(name), attributes, text: texts.join('').trim(), children };
}

/** Reads a message; throws UnreadableXml naming the problem (line and column when the XML is malformed). */
export function readXml(text: string): XmlElement {
  // A byte-order mark before the declaration is how some systems write UTF-8; it is not content.
  const xml = text.replace(/^\uFEFF/, '');
  if (xml.trim() === '') {
    throw new UnreadableXml('The body is empty: send an NCPDP SCRIPT message as XML.');
  }
  // A DOCTYPE can declare entities that expand without bound or read files; SCRIPT never needs one.
  if (/<!DOCTYPE/i.test(xml)) {
    throw new UnreadableXml('The message has a DOCTYPE; NCPDP SCRIPT messages have none, and it is not accepted.');
  }
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the pinned fast-xml-parser 5.12.1 still ships it; moving to the fast-xml-validator package is a follow-up
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new UnreadableXml(`The body is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col}).`);
  }
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(xml) as OrderedNode[];
  } catch (error) {
    // The parser's own limits (e.g. its maximum nesting) are the sender's problem, said as such.
    throw new UnreadableXml(`The message cannot be read: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const roots = nodes.map((node) => toElement(node, 0)).filter((element): element is XmlElement => element !== null);
  const root = roots[0];
  if (root === undefined || roots.length > 1) {
    throw new UnreadableXml('The body must hold exactly one root element, <Message>.');
  }
  return root;
}

/** The first child element with this name (any case, any namespace prefix). */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => sameName(candidate.name, name));
}

/** Every child element with this name. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((candidate) => sameName(candidate.name, name)) ?? [];
}

/** The element at a path of names separated by '/', e.g. 'Header/MessageID'. */
export function at(element: XmlElement | undefined, path: string): XmlElement | undefined {
  let current = element;
  for (const step of path.split('/')) {
    current = child(current, step);
    if (current === undefined) {
      return undefined;
    }
  }
  return current;
}

/** The text at a path, or undefined when the element is absent or empty. */
export function textAt(element: XmlElement | undefined, path: string): string | undefined {
  const found = at(element, path);
  return found === undefined || found.text === '' ? undefined : found.text;
}

/** The first of several paths that has text (the peers put the same fact in different places). */
export function firstText(element: XmlElement | undefined, ...paths: string[]): string | undefined {
  for (const path of paths) {
    const value = textAt(element, path);
    if (value !== undefined) {
      return value;
    }
  }
  return undefined;
}

/** An element to write: a name, attributes, then text or children (in order). */
export interface OutElement {
  name: string;
  attributes?: Record<string, string>;
  text?: string;
  children?: OutElement[];
}

export const el = (name: string, content?: string | OutElement[], attributes?: Record<string, string>): OutElement => ({
  name,
  ...(attributes === undefined ? {} : { attributes }),
  ...(typeof content === 'string' ? { text: content } : content === undefined ? {} : { children: content }),
});

/** A received element written back as it came (e.g. the Patient of a REMSRequest echoed in its REMSResponse). */
export function echo(element: XmlElement): OutElement {
  return {
    name: element.name,
    ...(Object.keys(element.attributes).length === 0 ? {} : { attributes: element.attributes }),
    ...(element.children.length > 0 ? { children: element.children.map(echo) } : element.text === '' ? {} : { text: element.text }),
  };
}

type Builder = ReturnType<typeof create>;

function append(parent: Builder, element: OutElement): void {
  const node = parent.ele(element.name, element.attributes ?? {});
  if (element.text !== undefined) {
    node.txt(element.text);
  }
  for (const item of element.children ?? []) {
    append(node, item);
  }
}

/** The serialised document, with an XML declaration; text is escaped by xmlbuilder2. */
export function writeXml(root: OutElement): string {
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  append(document, root);
  return document.end({ prettyPrint: true });
}
