import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_FRONTIER,
  appendLeaf,
  completingLeaf,
  consistencyRanges,
  frontierNodes,
  frontierRoot,
  hashesOf,
  inclusionRanges,
  leafHash,
  nodeKey,
  nodesFor,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type LeafRange,
  type TreeFrontier,
} from '../../../../shared/domain/log/merkle.js';
import vectors from './rfc6962-vectors.json';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const b64 = (text: string | null) => new Uint8Array(Buffer.from(text ?? '', 'base64'));
const size = (value: number | string) => Number(value);

/**
 * An in-memory copy of what the store keeps: for each leaf, the hashes of the perfect subtrees it completed.
 * Proofs are built the way the service builds them, from those stored nodes only.
 */
function buildTree(entries: readonly Uint8Array[]) {
  let frontier: TreeFrontier = EMPTY_FRONTIER;
  const completedBy: Hash[][] = [];
  const frontiers: TreeFrontier[] = [frontier];
  for (const entry of entries) {
    const appended = appendLeaf(frontier, leafHash(entry));
    completedBy.push(appended.completed);
    frontier = appended.frontier;
    frontiers.push(frontier);
  }
  const nodes = (ranges: readonly LeafRange[]) =>
    new Map(nodesFor(ranges).map((node) => [nodeKey(node), completedBy[completingLeaf(node)]?.[node.level] as Hash]));
  return {
    root: (treeSize: number) => frontierRoot(frontiers[treeSize] as TreeFrontier),
    inclusion: (index: number, treeSize: number) => {
      const ranges = inclusionRanges(index, treeSize);
      return hashesOf(ranges, nodes(ranges));
    },
    consistency: (from: number, to: number) => {
      const ranges = consistencyRanges(from, to);
      return hashesOf(ranges, nodes(ranges));
    },
    frontier: (treeSize: number) => frontiers[treeSize] as TreeFrontier,
  };
}

const referenceLeaves = vectors.leafInputs.map((input) => new Uint8Array(Buffer.from(input, 'hex')));
const reference = buildTree(referenceLeaves);

describe('RFC 6962 / RFC 9162 test vectors (transparency-dev/merkle testdata)', () => {
  it('gives the published root for every size 0..8, from the frontier the log stores', () => {
    for (let n = 0; n <= referenceLeaves.length; n += 1) expect(hex(reference.root(n)), `size ${n}`).toBe(vectors.rootHashes[n]);
  });

  it('keeps one frontier hash per bit of the size', () => {
    for (let n = 0; n <= referenceLeaves.length; n += 1) {
      expect(reference.frontier(n).hashes).toHaveLength(frontierNodes(n).length);
      expect(frontierNodes(n)).toHaveLength([...n.toString(2)].filter((bit) => bit === '1').length);
    }
  });

  it.each(vectors.inclusion.map((probe) => [probe.file, probe] as const))('inclusion %s', (_file, probe) => {
    const failure = verifyInclusion(size(probe.leafIdx), size(probe.treeSize), b64(probe.leafHash), (probe.proof ?? []).map(b64), b64(probe.root));
    if (probe.wantErr) expect(failure).toBeTypeOf('string');
    else expect(failure).toBeUndefined();
  });

  it.each(vectors.consistency.map((probe) => [probe.file, probe] as const))('consistency %s', (_file, probe) => {
    const failure = verifyConsistency(size(probe.size1), size(probe.size2), b64(probe.root1), b64(probe.root2), (probe.proof ?? []).map(b64));
    if (probe.wantErr) expect(failure).toBeTypeOf('string');
    else expect(failure).toBeUndefined();
  });

  it('generates exactly the published proofs (every happy path over the reference leaves)', () => {
    const happyInclusion = vectors.inclusion.filter(
      (probe) => !probe.wantErr && probe.treeSize <= referenceLeaves.length && b64(probe.root).length === 32 && hex(b64(probe.root)) === vectors.rootHashes[size(probe.treeSize)],
    );
    const happyConsistency = vectors.consistency.filter((probe) => !probe.wantErr && size(probe.size1) > 0 && size(probe.size2) <= referenceLeaves.length && hex(b64(probe.root2)) === vectors.rootHashes[size(probe.size2)]);
    expect(happyInclusion.length).toBeGreaterThan(3);
    expect(happyConsistency.length).toBeGreaterThan(3);
    for (const probe of happyInclusion) {
      expect(reference.inclusion(size(probe.leafIdx), size(probe.treeSize)).map(hex), probe.file).toEqual((probe.proof ?? []).map((h) => hex(b64(h))));
    }
    for (const probe of happyConsistency) {
      expect(reference.consistency(size(probe.size1), size(probe.size2)).map(hex), probe.file).toEqual((probe.proof ?? []).map((h) => hex(b64(h))));
    }
  });
});

describe('proofs for random trees (fast-check)', () => {
  const entries = (count: number) => Array.from({ length: count }, (_, i) => new TextEncoder().encode(`entry ${i}`));
  const big = buildTree(entries(300));

  const flipOneByte = (hashes: readonly Hash[], which: number, bit: number): Hash[] =>
    hashes.map((hash, i) => {
      if (i !== which % hashes.length) return hash;
      const copy = Uint8Array.from(hash);
      copy[bit % 32] = (copy[bit % 32] as number) ^ (1 << (bit % 8));
      return copy;
    });

  it('every inclusion proof verifies, and any flipped bit in it, the leaf or the root fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), fc.nat(), (treeSize, rawIndex, which, bit) => {
        const index = rawIndex % treeSize;
        const leaf = leafHash(new TextEncoder().encode(`entry ${index}`));
        const proof = big.inclusion(index, treeSize);
        const root = big.root(treeSize);
        expect(verifyInclusion(index, treeSize, leaf, proof, root)).toBeUndefined();
        if (proof.length > 0) expect(verifyInclusion(index, treeSize, leaf, flipOneByte(proof, which, bit), root)).toBeTypeOf('string');
        expect(verifyInclusion(index, treeSize, flipOneByte([leaf], 0, bit)[0] as Hash, proof, root)).toBeTypeOf('string');
        expect(verifyInclusion(index, treeSize, leaf, proof, flipOneByte([root], 0, bit)[0] as Hash)).toBeTypeOf('string');
        if (treeSize > 1) expect(verifyInclusion((index + 1) % treeSize, treeSize, leaf, proof, root)).toBeTypeOf('string');
      }),
      { numRuns: 400 },
    );
  });

  it('every consistency proof verifies, and any flipped bit in it or either root fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), (a, b, which, bit) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const proof = big.consistency(from, to);
        const [fromRoot, toRoot] = [big.root(from), big.root(to)];
        expect(verifyConsistency(from, to, fromRoot, toRoot, proof)).toBeUndefined();
        if (proof.length > 0) expect(verifyConsistency(from, to, fromRoot, toRoot, flipOneByte(proof, which, bit))).toBeTypeOf('string');
        if (from < to) {
          expect(verifyConsistency(from, to, flipOneByte([fromRoot], 0, bit)[0] as Hash, toRoot, proof)).toBeTypeOf('string');
          expect(verifyConsistency(from, to, fromRoot, flipOneByte([toRoot], 0, bit)[0] as Hash, proof)).toBeTypeOf('string');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a proof reads O(log n) stored nodes, even a billion leaves in', () => {
    for (const treeSize of [1_000, 1_000_000, 1_000_000_007, 2 ** 40 + 12_345]) {
      const bound = 2 * Math.ceil(Math.log2(treeSize));
      expect(nodesFor(inclusionRanges(treeSize - 2, treeSize)).length).toBeLessThanOrEqual(bound);
      expect(nodesFor(inclusionRanges(3, treeSize)).length).toBeLessThanOrEqual(bound);
      expect(nodesFor(consistencyRanges(Math.floor(treeSize / 3), treeSize)).length).toBeLessThanOrEqual(bound);
    }
  });
});
