// The AST printed back as canonical Gossamer source: `gossamer fmt`, and the parser's
// round-trip tests (parse -> print -> parse -> print is a fixed point).
//
// Style (rustfmt-like, without line-width wrapping): 4-space indent; a non-empty block
// always spans lines, an empty one is `{}`; one blank line between items, none between
// consecutive `use`s / consts / declarations; match arms end in `,` unless the body is a
// block. Parentheses come from ParenExpr nodes; the printer adds more only where
// precedence requires it (for ASTs built by hand).
//
// Comments (Module.comments) are put back at item, statement, field and arm boundaries:
// a comment is printed before the first node that starts after it, or at the end of the
// line of the node it follows. A comment inside an expression moves to the next boundary.

import {
  Attribute, BlockExpr, Comment, Expr, FieldDef, FnItem, FormatSpec, FormatString, Generics,
  IfExpr, Item, LitValue, MacroExpr, Module, PathExpr, PathSegment, PathType, Pattern,
  SelectArm, Stmt, StructShape, Type, UseTree, WherePredicate,
} from './ast.js';
import { Span } from '../source/index.js';
import { chainBelow, chainOperand } from './chain.js';

const INDENT = '    ';

export function printModule(m: Module): string {
  const pr = new Printer(m.comments ?? [], m.blankLines ?? []);
  const lines = pr.items(m.items, m.span.end);
  const text = lines.join('\n');
  return text === '' ? '' : text + '\n';
}

export function printExpr(e: Expr): string { return new Printer([], []).expr(e); }
export function printType(t: Type): string { return new Printer([], []).type(t); }
export function printPattern(p: Pattern): string { return new Printer([], []).pat(p); }

// ---------------------------------------------------------------- precedence

const BINARY_PREC: Record<string, number> = {
  '||': 3, '&&': 4,
  '==': 5, '!=': 5, '<': 5, '<=': 5, '>': 5, '>=': 5,
  '|': 6, '^': 7, '&': 8, '<<': 9, '>>': 9, '+': 10, '-': 10, '*': 11, '/': 11, '%': 11,
};
const PREC_ASSIGN = 1, PREC_RANGE = 2, PREC_CMP = 5, PREC_CAST = 12, PREC_UNARY = 13, PREC_POSTFIX = 14, PREC_PRIMARY = 15;

/** The precedence a chain link asks of its first operand (as exprInner passes it). */
function operandMin(e: Expr): number {
  if (e.kind === 'binary') return BINARY_PREC[e.op] === PREC_CMP ? PREC_CMP + 1 : BINARY_PREC[e.op];
  return e.kind === 'cast' ? PREC_CAST : PREC_POSTFIX;
}

function exprPrec(e: Expr): number {
  switch (e.kind) {
    case 'assign': return PREC_ASSIGN;
    case 'range': return PREC_RANGE;
    case 'binary': return BINARY_PREC[e.op];
    case 'cast': return PREC_CAST;
    case 'unary': case 'ref': case 'deref': return PREC_UNARY;
    case 'call': case 'methodCall': case 'field': case 'index': case 'try': return PREC_POSTFIX;
    case 'break': case 'return': return e.value === null ? PREC_PRIMARY : 0;
    case 'letCond': return PREC_CMP;   // `let P = v && c` chains without parentheses
    case 'closure': case 'go': case 'defer': return 0;
    default: return PREC_PRIMARY;
  }
}

// ---------------------------------------------------------------- literals

function escapeChar(c: string, quote: '"' | "'"): string {
  switch (c) {
    case '\n': return '\\n';
    case '\t': return '\\t';
    case '\r': return '\\r';
    case '\0': return '\\0';
    case '\\': return '\\\\';
    case '"': return quote === '"' ? '\\"' : c;
    case "'": return quote === "'" ? "\\'" : c;
  }
  const cp = c.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return `\\u{${cp.toString(16)}}`;
  return c;
}

export function quoteString(s: string): string {
  let out = '"';
  for (const c of s) out += escapeChar(c, '"');
  return out + '"';
}

function printLit(l: LitValue): string {
  switch (l.kind) {
    case 'int':
      return l.raw ?? l.value.toString() + (l.suffix ?? '');
    case 'float': {
      // `1.` is printed `1.0`, so a following `.m()` or `..` cannot merge with it
      if (l.raw !== undefined) return l.raw.endsWith('.') ? l.raw + '0' : l.raw;
      let s = String(l.value);
      if (!/[.eE]/.test(s) && Number.isFinite(l.value)) s += '.0';
      return s + (l.suffix ?? '');
    }
    case 'str': return quoteString(l.value);
    case 'char': return "'" + escapeChar(String.fromCodePoint(l.value), "'") + "'";
    case 'bool': return l.value ? 'true' : 'false';
  }
}

function printFormatSpec(s: FormatSpec): string {
  let out = '';
  if (s.align !== null) out += (s.fill !== ' ' ? s.fill : '') + s.align;
  if (s.sign) out += s.sign;
  if (s.alternate) out += '#';
  if (s.zero) out += '0';
  if (s.width !== null) out += String(s.width);
  if (s.precision !== null) out += '.' + String(s.precision);
  out += s.type;
  return out;
}

export function printFormatString(f: FormatString): string {
  let body = '';
  for (const piece of f.pieces) {
    if (piece.kind === 'text') {
      body += piece.text.replace(/\{/g, '{{').replace(/\}/g, '}}');
    } else {
      const arg = piece.arg.kind === 'next' ? '' : piece.arg.kind === 'index' ? String(piece.arg.index) : piece.arg.name;
      const spec = printFormatSpec(piece.spec);
      body += '{' + arg + (spec !== '' ? ':' + spec : '') + '}';
    }
  }
  return quoteString(body);
}

// ---------------------------------------------------------------- the printer

class Printer {
  private depth = 0;
  private next = 0;   // index of the first comment not yet printed

  constructor(private readonly comments: Comment[], private readonly blankLines: number[]) {}

  private get ind(): string { return INDENT.repeat(this.depth); }

  // ------------------------------------------------------------ comments

  /** Is there a blank source line between offsets `from` and `to`? */
  private blankBetween(from: number, to: number): boolean {
    const b = this.blankLines;
    let lo = 0, hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid] < from) lo = mid + 1; else hi = mid;
    }
    return lo < b.length && b[lo] < to;
  }

  /**
   * Own-line comments that start before `offset`, as indented lines, keeping (at most one)
   * blank line wherever the source had one. `prevEnd` is where the previous node ended
   * (null at the start of a list, where blank lines are dropped); `forceBlank` asks for a
   * blank line before whatever comes first.
   */
  private leading(offset: number, prevEnd: number | null, forceBlank = false): string[] {
    const out: string[] = [];
    let last = prevEnd;
    let force = forceBlank;
    while (this.next < this.comments.length && this.comments[this.next].span.start < offset) {
      const c = this.comments[this.next++];
      if (force || (last !== null && this.blankBetween(last, c.span.start))) out.push('');
      force = false;
      out.push(...this.commentLines(c));
      last = c.span.end;
    }
    if (force || (last !== null && this.blankBetween(last, offset))) out.push('');
    return out;
  }

  private commentLines(c: Comment): string[] {
    const lines = c.text.split('\n').map(l => l.replace(/\s+$/, ''));
    return lines.map((l, i) => (i === 0 ? this.ind + l : l));
  }

  /** A comment on the same line after a node that ends at `end` (and before `limit`). */
  private trailing(end: number, limit: number): string {
    let out = '';
    while (this.next < this.comments.length) {
      const c = this.comments[this.next];
      if (c.ownLine || c.span.start < end || c.span.start >= limit) break;
      this.next++;
      out += ' ' + c.text;
      if (c.text.startsWith('//')) break;
    }
    return out;
  }

  /**
   * Nodes one per line at the current depth, each rendered by `render` (which includes any
   * separator), with comments before, after and between them. `end` is where the
   * enclosing construct ends (comments before it are flushed at the end).
   */
  private lines<T extends { span: Span }>(nodes: T[], render: (n: T, i: number) => string, end: number,
    blankBefore?: (prev: T, cur: T) => boolean): string[] {
    const out: string[] = [];
    nodes.forEach((n, i) => {
      const prev = i > 0 ? nodes[i - 1] : null;
      out.push(...this.leading(n.span.start, prev ? prev.span.end : null, prev !== null && (blankBefore?.(prev, n) ?? false)));
      const limit = i + 1 < nodes.length ? nodes[i + 1].span.start : end;
      out.push(this.ind + render(n, i) + this.trailing(n.span.end, limit));
    });
    const tail = this.leading(end, nodes.length > 0 ? nodes[nodes.length - 1].span.end : null);
    if (tail.length > 0 && tail[tail.length - 1] === '') tail.pop();
    out.push(...tail);
    return out;
  }

  // ------------------------------------------------------------ items

  items(items: Item[], end: number): string[] {
    return this.lines(items, it => this.item(it), end, (a, b) => needsBlankLine(a, b));
  }

  private attrs(attrs: Attribute[]): string {
    return attrs.map(a => `#[${a.name}${a.args.length ? '(' + a.args.map(x => x.name).join(', ') + ')' : ''}]\n${this.ind}`).join('');
  }

  item(it: Item): string {
    const head = this.attrs(it.attrs) + (it.pub ? 'pub ' : '');
    switch (it.kind) {
      case 'fn': return head + this.fn(it);
      case 'struct': {
        const g = this.genericParams(it.generics);
        const where = this.whereClause(it.generics.where);
        if (it.shape.kind === 'tuple') return `${head}struct ${it.name.name}${g}${this.shape(it.shape, it.span.end)}${where ? where.trimEnd() : ''};`;
        if (it.shape.kind === 'unit') return `${head}struct ${it.name.name}${g}${where ? where.trimEnd() : ''};`;
        return `${head}struct ${it.name.name}${g}${where || ' '}${this.shape(it.shape, it.span.end)}`;
      }
      case 'enum': {
        const g = this.genericParams(it.generics);
        const where = this.whereClause(it.generics.where);
        if (it.variants.length === 0 && !this.hasCommentsBefore(it.span.end)) return `${head}enum ${it.name.name}${g}${where || ' '}{}`;
        this.depth++;
        const body = this.lines(it.variants, v => {
          let s = v.name.name;
          if (v.shape.kind !== 'unit') s += this.shape(v.shape, v.span.end, true);
          if (v.discriminant) s += ' = ' + this.expr(v.discriminant);
          return s + ',';
        }, it.span.end);
        this.depth--;
        return `${head}enum ${it.name.name}${g}${where || ' '}{\n${body.join('\n')}\n${this.ind}}`;
      }
      case 'impl': {
        const g = this.genericParams(it.generics);
        const tr = it.trait ? this.type(it.trait) + ' for ' : '';
        const where = this.whereClause(it.generics.where);
        return `${head}impl${g} ${tr}${this.type(it.selfTy)}${where || ' '}${this.memberBody(it.items, it.span.end)}`;
      }
      case 'trait': {
        const g = this.genericParams(it.generics);
        const sup = it.supertraits.length ? ': ' + it.supertraits.map(t => this.type(t)).join(' + ') : '';
        const where = this.whereClause(it.generics.where);
        return `${head}trait ${it.name.name}${g}${sup}${where || ' '}${this.memberBody(it.items, it.span.end)}`;
      }
      case 'const': {
        const ty = it.ty ? ': ' + this.type(it.ty) : '';
        const value = it.value ? ' = ' + this.expr(it.value) : '';
        return `${head}const ${it.name.name}${ty}${value};`;
      }
      case 'static':
        return `${head}static ${it.mutable ? 'mut ' : ''}${it.name.name}: ${this.type(it.ty)} = ${this.expr(it.value)};`;
      case 'use':
        return `${head}use ${this.useTree(it.tree)};`;
      case 'mod': {
        if (it.items === null) return `${head}mod ${it.name.name};`;
        if (it.items.length === 0 && !this.hasCommentsBefore(it.span.end)) return `${head}mod ${it.name.name} {}`;
        this.depth++;
        const body = this.items(it.items, it.span.end);
        this.depth--;
        return `${head}mod ${it.name.name} {\n${body.join('\n')}\n${this.ind}}`;
      }
      case 'type': {
        const g = this.genericParams(it.generics);
        const where = this.whereClause(it.generics.where);
        return `${head}type ${it.name.name}${g}${where ? where.trimEnd() : ''}${it.ty ? ' = ' + this.type(it.ty) : ''};`;
      }
      default: {
        const never: never = it;
        return never;
      }
    }
  }

  private hasCommentsBefore(offset: number): boolean {
    return this.next < this.comments.length && this.comments[this.next].span.start < offset;
  }

  private memberBody(items: Item[], end: number): string {
    if (items.length === 0 && !this.hasCommentsBefore(end)) return '{}';
    this.depth++;
    const body = this.items(items, end);
    this.depth--;
    return `{\n${body.join('\n')}\n${this.ind}}`;
  }

  private fn(f: FnItem): string {
    const params: string[] = [];
    if (f.selfParam) params.push('self');
    for (const p of f.params) params.push(`${this.pat(p.pat)}: ${this.type(p.ty)}`);
    let s = `fn ${f.name.name}${this.genericParams(f.generics)}(${params.join(', ')})`;
    if (f.ret) s += ' -> ' + this.type(f.ret);
    const where = this.whereClause(f.generics.where);
    if (!f.body) return s + (where ? where.trimEnd() : '') + ';';
    return s + (where || ' ') + this.block(f.body);
  }

  /** `struct` / variant bodies. Variants print named fields on one line. */
  private shape(sh: StructShape, end: number, inline = false): string {
    switch (sh.kind) {
      case 'unit': return '';
      case 'tuple': return '(' + sh.fields.map(f => (f.pub ? 'pub ' : '') + this.type(f.ty)).join(', ') + ')';
      case 'named': {
        const field = (f: FieldDef): string => `${f.pub ? 'pub ' : ''}${f.name.name}: ${this.type(f.ty)}`;
        if (inline) return sh.fields.length ? ' { ' + sh.fields.map(field).join(', ') + ' }' : ' {}';
        if (sh.fields.length === 0 && !this.hasCommentsBefore(end)) return '{}';
        this.depth++;
        const body = this.lines(sh.fields, f => field(f) + ',', end);
        this.depth--;
        return `{\n${body.join('\n')}\n${this.ind}}`;
      }
    }
  }

  private genericParams(g: Generics): string {
    if (g.params.length === 0) return '';
    return '<' + g.params.map(p => p.name.name + (p.bounds.length ? ': ' + p.bounds.map(b => this.type(b)).join(' + ') : '')).join(', ') + '>';
  }

  /** rustfmt's layout: `\nwhere\n    T: A,\n` ready to be followed by `{`. */
  private whereClause(preds: WherePredicate[]): string {
    if (preds.length === 0) return '';
    const inner = this.ind + INDENT;
    const lines = preds.map(p => `${inner}${this.type(p.ty)}: ${p.bounds.map(b => this.type(b)).join(' + ')},`);
    return `\n${this.ind}where\n${lines.join('\n')}\n${this.ind}`;
  }

  private useTree(t: UseTree): string {
    const prefix = t.path.map(i => i.name).join('::');
    switch (t.kind) {
      case 'simple': return prefix + (t.alias ? ' as ' + t.alias.name : '');
      case 'glob': return prefix ? prefix + '::*' : '*';
      case 'nested': {
        const inner = '{' + t.children.map(c => this.useTree(c)).join(', ') + '}';
        return prefix ? prefix + '::' + inner : inner;
      }
    }
  }

  // ------------------------------------------------------------ statements and blocks

  block(b: BlockExpr): string {
    const label = b.label ? "'" + b.label.name + ': ' : '';
    if (b.stmts.every(s => s.kind === 'empty') && b.tail === null && !this.hasCommentsBefore(b.span.end)) return label + '{}';
    type Entry = { span: Span; text: () => string };
    // stray `;` (EmptyStmt) are dropped, as rustfmt does
    const entries: Entry[] = b.stmts.filter(s => s.kind !== 'empty').map(s => ({ span: s.span, text: () => this.stmt(s) }));
    const tail = b.tail;
    if (tail) entries.push({ span: tail.span, text: () => this.expr(tail) });
    this.depth++;
    const body = this.lines(entries, e => e.text(), b.span.end);
    this.depth--;
    return `${label}{\n${body.join('\n')}\n${this.ind}}`;
  }

  stmt(s: Stmt): string {
    switch (s.kind) {
      case 'let': {
        let out = 'let ' + this.pat(s.pat);
        if (s.ty) out += ': ' + this.type(s.ty);
        if (s.init) out += ' = ' + this.expr(s.init);
        if (s.elseBlock) out += ' else ' + this.block(s.elseBlock);
        return out + ';';
      }
      case 'expr':
        return this.expr(s.expr) + (s.semi ? ';' : '');
      case 'item':
        return this.item(s.item);
      case 'empty':
        return ';';
    }
  }

  // ------------------------------------------------------------ expressions

  /** `e`, parenthesized when its precedence is below `min`. */
  expr(e: Expr, min = 0): string {
    const ahead = this.printedAhead.get(e);
    if (ahead !== undefined) { this.printedAhead.delete(e); return ahead; }
    if (chainOperand(e)) this.printChainAhead(e);
    const s = this.exprInner(e);
    return exprPrec(e) < min ? '(' + s + ')' : s;
  }

  /** Links of a long chain printed before their parent, waiting for it to ask. */
  private readonly printedAhead = new Map<Expr, string>();

  /** A long chain (`a + b + ...`, chain.ts) is printed from its bottom link up, so the recursion stays shallow. */
  private printChainAhead(e: Expr): void {
    const links = chainBelow(e, x => this.printedAhead.has(x));
    if (links.length < 32) return;
    const parents = [e, ...links];
    for (let i = links.length - 1; i >= 0; i--) this.printedAhead.set(links[i], this.expr(links[i], operandMin(parents[i])));
  }

  private exprInner(e: Expr): string {
    switch (e.kind) {
      case 'lit': return printLit(e.lit);
      case 'path': return this.exprPath(e);
      case 'unary': return e.op + this.expr(e.operand, PREC_UNARY);
      case 'ref': return (e.mutable ? '&mut ' : '&') + this.expr(e.expr, PREC_UNARY);
      case 'deref': return '*' + this.expr(e.expr, PREC_UNARY);
      case 'binary': {
        const p = BINARY_PREC[e.op];
        const leftMin = p === PREC_CMP ? p + 1 : p;
        return `${this.expr(e.left, leftMin)} ${e.op} ${this.expr(e.right, p + 1)}`;
      }
      case 'assign':
        return `${this.expr(e.target, PREC_RANGE + 1)} ${e.op ?? ''}= ${this.expr(e.value, PREC_ASSIGN)}`;
      case 'cast': return `${this.expr(e.expr, PREC_CAST)} as ${this.type(e.ty)}`;
      case 'call': return `${this.expr(e.callee, PREC_POSTFIX)}(${this.args(e.args)})`;
      case 'methodCall': {
        const g = e.generics ? '::<' + e.generics.map(t => this.type(t)).join(', ') + '>' : '';
        return `${this.expr(e.receiver, PREC_POSTFIX)}.${e.method.name}${g}(${this.args(e.args)})`;
      }
      case 'field': {
        // `2 .0` (a tuple field of an integer literal) must not print as the float `2.0`
        const gap = e.object.kind === 'lit' && e.object.lit.kind === 'int' && /^[0-9]/.test(e.field.name) ? ' ' : '';
        return `${this.expr(e.object, PREC_POSTFIX)}${gap}.${e.field.name}`;
      }
      case 'index': return `${this.expr(e.object, PREC_POSTFIX)}[${this.expr(e.index)}]`;
      case 'try': return this.expr(e.expr, PREC_POSTFIX) + '?';
      case 'range': {
        const op = e.inclusive ? '..=' : '..';
        return (e.start ? this.expr(e.start, PREC_RANGE + 1) : '') + op + (e.end ? this.expr(e.end, PREC_RANGE + 1) : '');
      }
      case 'structLit': {
        const fields = e.fields.map(f => (f.shorthand ? f.name.name : `${f.name.name}: ${this.expr(f.value)}`));
        if (e.base) fields.push('..' + this.expr(e.base));
        return this.exprPath(e.path) + (fields.length ? ' { ' + fields.join(', ') + ' }' : ' {}');
      }
      case 'tuple':
        return e.elems.length === 1 ? `(${this.expr(e.elems[0])},)` : `(${this.args(e.elems)})`;
      case 'array': return `[${this.args(e.elems)}]`;
      case 'arrayRepeat': return `[${this.expr(e.value)}; ${this.expr(e.count)}]`;
      case 'paren': return `(${this.expr(e.expr)})`;
      case 'block': return this.block(e);
      case 'if': return this.ifExpr(e);
      case 'letCond': return `let ${this.pat(e.pat)} = ${this.expr(e.value, PREC_CMP)}`;
      case 'match': {
        const head = `match ${this.expr(e.scrutinee)} `;
        if (e.arms.length === 0 && !this.hasCommentsBefore(e.span.end)) return head + '{}';
        this.depth++;
        const arms = this.lines(e.arms, a => {
          const guard = a.guard ? ' if ' + this.expr(a.guard) : '';
          return `${this.pat(a.pat)}${guard} => ${this.armBody(a.body)}`;
        }, e.span.end);
        this.depth--;
        return `${head}{\n${arms.join('\n')}\n${this.ind}}`;
      }
      case 'while':
        return `${e.label ? "'" + e.label.name + ': ' : ''}while ${this.expr(e.cond)} ${this.block(e.body)}`;
      case 'loop':
        return `${e.label ? "'" + e.label.name + ': ' : ''}loop ${this.block(e.body)}`;
      case 'for':
        return `${e.label ? "'" + e.label.name + ': ' : ''}for ${this.pat(e.pat)} in ${this.expr(e.iter)} ${this.block(e.body)}`;
      case 'break':
        return 'break' + (e.label ? " '" + e.label.name : '') + (e.value ? ' ' + this.expr(e.value) : '');
      case 'continue':
        return 'continue' + (e.label ? " '" + e.label.name : '');
      case 'return':
        return 'return' + (e.value ? ' ' + this.expr(e.value) : '');
      case 'closure': {
        const params = e.params.map(p => this.pat(p.pat) + (p.ty ? ': ' + this.type(p.ty) : '')).join(', ');
        const ret = e.ret ? ' -> ' + this.type(e.ret) : '';
        return `${e.isMove ? 'move ' : ''}|${params}|${ret} ${this.expr(e.body)}`;
      }
      case 'macro': return this.macro(e);
      case 'go': return 'go ' + this.expr(e.body);
      case 'defer': return 'defer ' + this.expr(e.body);
      case 'select': {
        if (e.arms.length === 0 && !this.hasCommentsBefore(e.span.end)) return 'select {}';
        this.depth++;
        const arms = this.lines(e.arms, a => this.selectArm(a), e.span.end);
        this.depth--;
        return `select {\n${arms.join('\n')}\n${this.ind}}`;
      }
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  /** A match or select arm body with its `,` (none after a plain block). */
  private armBody(body: Expr): string {
    return this.expr(body) + (body.kind === 'block' ? '' : ',');
  }

  private selectArm(a: SelectArm): string {
    switch (a.kind) {
      case 'recv': {
        const pat = a.pat ? this.pat(a.pat) + ' = ' : '';
        return `${pat}${this.expr(a.chan, PREC_POSTFIX)}.recv() => ${this.armBody(a.body)}`;
      }
      case 'send':
        return `${this.expr(a.chan, PREC_POSTFIX)}.send(${this.expr(a.value)}) => ${this.armBody(a.body)}`;
      case 'default':
        return `default => ${this.armBody(a.body)}`;
    }
  }

  private ifExpr(e: IfExpr): string {
    let s = `if ${this.expr(e.cond)} ${this.block(e.then)}`;
    if (e.else) s += ' else ' + (e.else.kind === 'if' ? this.ifExpr(e.else) : this.block(e.else));
    return s;
  }

  private args(args: Expr[]): string {
    return args.map(a => this.expr(a)).join(', ');
  }

  private macro(m: MacroExpr): string {
    const parts: string[] = [];
    switch (m.form) {
      case 'vec':
        if (m.repeat) return `vec![${this.expr(m.repeat.value)}; ${this.expr(m.repeat.count)}]`;
        return `vec![${this.args(m.elems)}]`;
      case 'assert': parts.push(this.expr(m.cond)); break;
      case 'assertEq': parts.push(this.expr(m.left), this.expr(m.right)); break;
      case 'format': if (m.target) parts.push(this.expr(m.target)); break;
    }
    if (m.format) parts.push(printFormatString(m.format));
    for (const a of m.args) parts.push(this.expr(a));
    return `${m.name}!(${parts.join(', ')})`;
  }

  private segments(segs: PathSegment[], turbofish: boolean): string {
    return segs.map(s => {
      const args = [...(s.generics ?? []).map(t => this.type(t)), ...(s.bindings ?? []).map(b => `${b.name.name} = ${this.type(b.ty)}`)];
      return s.name.name + (s.generics ? (turbofish ? '::<' : '<') + args.join(', ') + '>' : '');
    }).join('::');
  }

  private exprPath(p: PathExpr): string { return this.segments(p.segments, true); }

  // ------------------------------------------------------------ types

  type(t: Type): string {
    switch (t.kind) {
      case 'path': return this.pathType(t);
      case 'tuple': return t.elems.length === 1 ? `(${this.type(t.elems[0])},)` : `(${t.elems.map(x => this.type(x)).join(', ')})`;
      case 'array': return `[${this.type(t.elem)}; ${this.expr(t.len)}]`;
      case 'slice': return `[${this.type(t.elem)}]`;
      case 'fn': return `fn(${t.params.map(x => this.type(x)).join(', ')})${t.ret ? ' -> ' + this.type(t.ret) : ''}`;
      case 'dyn': return 'dyn ' + t.traits.map(x => this.type(x)).join(' + ');
      case 'ref': {
        // `&(dyn A + B)`: without parentheses the `+` reads as ambiguous to a Rust eye
        const inner = this.type(t.inner);
        return (t.mutable ? '&mut ' : '&') + (t.inner.kind === 'dyn' && t.inner.traits.length > 1 ? `(${inner})` : inner);
      }
      case 'infer': return '_';
      case 'never': return '!';
    }
  }

  private pathType(t: PathType): string { return this.segments(t.segments, false); }

  // ------------------------------------------------------------ patterns

  pat(p: Pattern): string {
    switch (p.kind) {
      case 'wildcard': return '_';
      case 'binding': {
        let s = (p.mutable ? 'mut ' : '') + p.name.name;
        if (p.sub) s += ' @ ' + this.patNoOr(p.sub);
        return s;
      }
      case 'lit': return printLit(p.lit);
      case 'range':
        return (p.start ? printLit(p.start) : '') + (p.inclusive ? '..=' : '..') + (p.end ? printLit(p.end) : '');
      case 'tuple':
        return p.elems.length === 1 && p.elems[0].kind !== 'rest' ? `(${this.pat(p.elems[0])},)` : `(${p.elems.map(x => this.pat(x)).join(', ')})`;
      case 'path': return this.exprPath(p.path);
      case 'tupleStruct': return `${this.exprPath(p.path)}(${p.elems.map(x => this.pat(x)).join(', ')})`;
      case 'struct': {
        const fields = p.fields.map(f => (f.shorthand ? this.pat(f.pat) : `${f.name.name}: ${this.pat(f.pat)}`));
        if (p.rest) fields.push('..');
        return this.exprPath(p.path) + (fields.length ? ' { ' + fields.join(', ') + ' }' : ' {}');
      }
      case 'or': return p.alts.map(a => this.patNoOr(a)).join(' | ');
      case 'rest': return '..';
      case 'ref': return '&' + this.patNoOr(p.pat);
    }
  }

  /** A pattern where a top-level `|` would be misread (`x @ p`, `&p`, or-alternatives). */
  private patNoOr(p: Pattern): string {
    const s = this.pat(p);
    return p.kind === 'or' ? `(${s})` : s;
  }
}

/** Blank lines separate items, except runs of `use`, `mod x;`, const, static, type, or fn declarations. */
function needsBlankLine(a: Item, b: Item): boolean {
  const compact = (it: Item): string | null => {
    switch (it.kind) {
      case 'use': case 'const': case 'static': case 'type': return it.kind;
      case 'mod': return it.items === null ? 'mod' : null;
      case 'fn': return it.body === null ? 'fn;' : null;
      default: return null;
    }
  };
  const ka = compact(a);
  return ka === null || ka !== compact(b);
}


