/**
 * Aho–Corasick multi-pattern matcher: every occurrence of thousands of list entries is found
 * in one pass over the text, so a longer word list costs nothing per keystroke. Patterns are
 * matched on UTF-16 code units, which is exact for whole strings (a surrogate pair matches as
 * its two halves in order).
 */

export interface PatternMatch {
  /** [start, end) in UTF-16 offsets of the text searched. */
  start: number;
  end: number;
  /** Index of the pattern in the list the matcher was built from. */
  pattern: number;
}

interface MatcherNode {
  next: Map<number, number>;
  fail: number;
  /** Patterns ending here, including those reached by failure links (shortest last). */
  outputs: number[];
  depth: number;
}

export class AhoCorasick {
  private readonly nodes: MatcherNode[] = [{ next: new Map(), fail: 0, outputs: [], depth: 0 }];
  readonly patternCount: number;

  constructor(private readonly patterns: readonly string[]) {
    this.patternCount = patterns.length;
    patterns.forEach((pattern, index) => {
      if (pattern.length === 0) return;
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        let child = this.nodes[state]!.next.get(code);
        if (child === undefined) {
          child = this.nodes.length;
          this.nodes.push({ next: new Map(), fail: 0, outputs: [], depth: this.nodes[state]!.depth + 1 });
          this.nodes[state]!.next.set(code, child);
        }
        state = child;
      }
      this.nodes[state]!.outputs.push(index);
    });
    this.linkFailures();
  }

  /** Breadth-first: each node's failure link is the longest proper suffix that is also a prefix. */
  private linkFailures(): void {
    const queue: number[] = [];
    for (const child of this.nodes[0]!.next.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const node = this.nodes[state]!;
      for (const [code, child] of node.next) {
        let fallback = node.fail;
        while (fallback !== 0 && !this.nodes[fallback]!.next.has(code)) fallback = this.nodes[fallback]!.fail;
        const target = this.nodes[fallback]!.next.get(code);
        const childNode = this.nodes[child]!;
        childNode.fail = target !== undefined && target !== child ? target : 0;
        childNode.outputs.push(...this.nodes[childNode.fail]!.outputs);
        queue.push(child);
      }
    }
  }

  /** Every occurrence of every pattern, in order of where it ends. */
  findAll(text: string): PatternMatch[] {
    const found: PatternMatch[] = [];
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = this.nodes[state]!.next.get(code);
      while (next === undefined && state !== 0) {
        state = this.nodes[state]!.fail;
        next = this.nodes[state]!.next.get(code);
      }
      state = next ?? 0;
      for (const pattern of this.nodes[state]!.outputs) {
        const length = this.patterns[pattern]!.length;
        found.push({ start: i + 1 - length, end: i + 1, pattern });
      }
    }
    return found;
  }

  /**
   * Occurrences that do not overlap, preferring the leftmost and then the longest, as a reader
   * would take them ("再接再励" rather than a shorter entry inside it).
   */
  findLongest(text: string): PatternMatch[] {
    const all = this.findAll(text).sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: PatternMatch[] = [];
    let reached = 0;
    for (const match of all) {
      if (match.start < reached) continue;
      kept.push(match);
      reached = match.end;
    }
    return kept;
  }
}
