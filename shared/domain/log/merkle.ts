import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes as concat } from './bytes.js';

/**
 * The Merkle tree of RFC 9162 §2.1 (the hashing of RFC 6962): leaf = SHA-256(0x00 ‖ entry), node =
 * SHA-256(0x01 ‖ left ‖ right), a tree of n leaves split at the largest power of two below n.
 *
 * The log keeps the hash of every perfect (complete, aligned) subtree once it is complete, so any subtree the
 * RFC's recursion asks for is the right fold of at most log₂ n stored hashes, and a proof costs O(log n) reads.
 * Sizes and indexes are plain numbers (exact up to 2^53): arithmetic, never 32-bit bit operators.
 *
 * Pure and synchronous (SHA-256 from @noble/hashes), so the very same code runs in Lambda, in the audit
 * command and in the browser's offline check.
 */

export type Hash = Uint8Array;
export const HASH_BYTES = 32;

const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

export function leafHash(entry: Uint8Array): Hash {
  return sha256(concat(LEAF_PREFIX, entry));
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return sha256(concat(NODE_PREFIX, left, right));
}

/** The root of the empty tree: SHA-256 of nothing. */
export function emptyRoot(): Hash {
  return sha256(new Uint8Array(0));
}

export function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The largest power of two strictly below n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const half = (x: number) => Math.floor(x / 2);
const isOdd = (x: number) => x % 2 === 1;

/** A perfect subtree: the 2^level leaves from index·2^level. Level 0 is a leaf. */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A range of leaves [start, end) whose hash a proof needs (MTH(D[start:end]) in the RFC's notation). */
export interface LeafRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The perfect subtrees that make up the subtree [start, end) of the RFC's tree, largest first. Every subtree the
 * RFC's recursion reaches starts at a multiple of its left part, so each piece is an aligned perfect subtree.
 */
export function perfectParts(range: LeafRange): NodeId[] {
  const parts: NodeId[] = [];
  let start = range.start;
  while (start < range.end) {
    const size = isPowerOfTwo(range.end - start) ? range.end - start : splitPoint(range.end - start);
    const level = Math.round(Math.log2(size));
    parts.push({ level, index: start / size });
    start += size;
  }
  return parts;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}

/** The hash of a subtree from its perfect parts' hashes (largest first), folded from the right as MTH recurses. */
export function foldParts(parts: readonly Hash[]): Hash {
  if (parts.length === 0) return emptyRoot();
  let hash = parts[parts.length - 1] as Hash;
  for (let i = parts.length - 2; i >= 0; i -= 1) hash = nodeHash(parts[i] as Hash, hash);
  return hash;
}

/** The leaf ranges whose hashes make the inclusion proof of leaf `index` in a tree of `size` (RFC 9162 §2.1.3.1). */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) throw new RangeError('index must be below size');
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = size;
  // Walks down from the root; the RFC lists the siblings from the leaf up, so they are collected in reverse.
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
    }
  }
  return ranges.reverse();
}

/** The leaf ranges whose hashes make the consistency proof from size `from` to size `to` (RFC 9162 §2.1.4.1). */
export function consistencyRanges(from: number, to: number): LeafRange[] {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 1 && from <= to)) throw new RangeError('need 1 ≤ from ≤ to');
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = to;
  let m = from;
  let complete = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      m -= k;
      start += k;
      complete = false;
    }
  }
  if (!complete) ranges.push({ start, end });
  return ranges.reverse();
}

/** Every perfect subtree a list of ranges needs, each once (what a store reads for a proof). */
export function nodesFor(ranges: readonly LeafRange[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const range of ranges) for (const node of perfectParts(range)) seen.set(nodeKey(node), node);
  return [...seen.values()];
}

export const nodeKey = (node: NodeId) => `${node.level}/${node.index}`;

/** Builds a proof's hashes from the stored perfect subtrees it needs (looked up by `nodeKey`). */
export function hashesOf(ranges: readonly LeafRange[], nodes: ReadonlyMap<string, Hash>): Hash[] {
  return ranges.map((range) =>
    foldParts(
      perfectParts(range).map((node) => {
        const hash = nodes.get(nodeKey(node));
        if (!hash) throw new Error(`node ${nodeKey(node)} is missing`);
        return hash;
      }),
    ),
  );
}

/**
 * The compact state of a tree: the hashes of the perfect subtrees that make up [0, size), largest first (at most
 * one per bit of the size). Enough to append and to compute the root without reading anything else.
 */
export interface TreeFrontier {
  readonly size: number;
  readonly hashes: readonly Hash[];
}

export const EMPTY_FRONTIER: TreeFrontier = { size: 0, hashes: [] };

export function frontierRoot(frontier: TreeFrontier): Hash {
  return foldParts(frontier.hashes);
}

/**
 * Appends a leaf: the new frontier, and the perfect subtrees that this leaf completes (level 0 is the leaf itself,
 * then one more level for each trailing 1 bit of the old size). Node (level, index) is completed by leaf
 * (index + 1)·2^level − 1, so a store can keep it with that leaf and find it again from its id alone.
 */
export function appendLeaf(frontier: TreeFrontier, leaf: Hash): { frontier: TreeFrontier; completed: Hash[] } {
  const hashes = [...frontier.hashes];
  const completed: Hash[] = [leaf];
  let hash = leaf;
  for (let size = frontier.size; isOdd(size); size = half(size)) {
    hash = nodeHash(hashes.pop() as Hash, hash);
    completed.push(hash);
  }
  hashes.push(hash);
  return { frontier: { size: frontier.size + 1, hashes }, completed };
}

/** The leaf that completes a perfect subtree (where a store keeps its hash). */
export function completingLeaf(node: NodeId): number {
  return (node.index + 1) * 2 ** node.level - 1;
}

/** The perfect subtrees of [0, size), largest first (the ids of a frontier's hashes). */
export function frontierNodes(size: number): NodeId[] {
  return size === 0 ? [] : perfectParts({ start: 0, end: size });
}

/** Why a proof was refused; undefined when it holds. */
export type ProofFailure = string | undefined;

/** RFC 9162 §2.1.3.2: does `proof` show leaf `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): ProofFailure {
  const computed = rootFromInclusion(index, size, leaf, proof);
  if (typeof computed === 'string') return computed;
  return equalHashes(computed, root) ? undefined : 'the proof leads to another root';
}

/** The root an inclusion proof leads to, or why there is none. */
export function rootFromInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[]): Hash | string {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return 'the index is not in the tree';
  if (leaf.length !== HASH_BYTES || proof.some((hash) => hash.length !== HASH_BYTES)) return 'a hash has the wrong length';
  let fn = index;
  let sn = size - 1;
  let hash = leaf;
  for (const sibling of proof) {
    if (sn === 0) return 'the proof is too long';
    if (isOdd(fn) || fn === sn) {
      hash = nodeHash(sibling, hash);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      hash = nodeHash(hash, sibling);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 ? hash : 'the proof is too short';
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree of size `from` (root `fromRoot`) is a prefix of the tree `to`? */
export function verifyConsistency(from: number, to: number, fromRoot: Hash, toRoot: Hash, proof: readonly Hash[]): ProofFailure {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from) return 'the sizes are not in order';
  if (from === 0) return 'a proof from the empty tree proves nothing';
  if (proof.some((hash) => hash.length !== HASH_BYTES)) return 'a hash has the wrong length';
  if (from === to) {
    if (proof.length > 0) return 'the proof should be empty';
    return equalHashes(fromRoot, toRoot) ? undefined : 'the roots differ';
  }
  if (proof.length === 0) return 'the proof is empty';
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  let fn = from - 1;
  let sn = to - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr = path[0] as Hash;
  let sr = fr;
  for (const hash of path.slice(1)) {
    if (sn === 0) return 'the proof is too long';
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(hash, fr);
      sr = nodeHash(hash, sr);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = nodeHash(sr, hash);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  if (sn !== 0) return 'the proof is too short';
  if (!equalHashes(fr, fromRoot)) return 'the proof does not lead to the older root';
  return equalHashes(sr, toRoot) ? undefined : 'the proof does not lead to the newer root';
}
