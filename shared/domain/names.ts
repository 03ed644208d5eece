/**
 * What a name may hold: the declarant's name, the names of people on a document, and the names of organisations
 * (发证机关, bank, school, employer). They are printed in the newspaper as typed, so the rule is generous for real
 * names in any script and strict on what no name is spelled with: emoji, pictographs and other symbols.
 */

/** Letters of any script (CJK ideographs included), decimal digits (分公司 numbers, 7-Eleven) and Roman numerals (Ⅱ). */
const NAME_LETTER = /^[\p{L}\p{Nd}\p{Nl}]$/u;
/**
 * Combining marks belong to the letter before them (é, Indic vowel signs, ideographic variation selectors). Not the
 * ones that only make emoji: enclosing marks (keycaps, circles) and the text/emoji presentation selectors.
 */
const NAME_MARK = /^(?![\u{FE0E}\u{FE0F}])[\p{Mn}\p{Mc}]$/u;
/**
 * Spaces, middle dots as typed in transcribed names (阿依古丽·买买提, with `·`, `•`, `‧`, `・` or `．`), hyphens and dashes,
 * apostrophes (O'Brien), full stops and commas (Co., Ltd.), the brackets of company names (宝洁（中国）有限公司), `&` and `/`.
 */
const NAME_PUNCTUATION = /^[\p{Zs}\p{Pd}·•‧・･．.,，'’‘＇()（）[\]［］【】〔〕&＆/／]$/u;
/** Some letters and dashes are emoji too (ℹ, 〰); they never belong in a name. */
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;

/** Symbols and punctuation show as themselves, so a message can quote one; a stray mark or odd digit would not. */
const QUOTABLE = /^[\p{S}\p{P}\p{Extended_Pictographic}]$/u;

/** The first character a name may not hold, and whether it can be quoted back; undefined when the name is fine. */
export function refusedNameCharacter(name: string): { readonly character: string; readonly quotable: boolean } | undefined {
  let previous: string | undefined;
  for (const character of name) {
    const allowed =
      !PICTOGRAPHIC.test(character) &&
      (NAME_LETTER.test(character) ||
        NAME_PUNCTUATION.test(character) ||
        (NAME_MARK.test(character) && previous !== undefined && (NAME_LETTER.test(previous) || NAME_MARK.test(previous))));
    if (!allowed) return { character, quotable: QUOTABLE.test(character) };
    previous = character;
  }
  return undefined;
}
