import type { Locale } from '../../../shared/http/locale.js';
import type { OfflineFailure } from '../../../shared/domain/log/offline-proof.js';

/** What the offline check says, in the page's language (`{…}` are filled in by the script). */
export interface OfflineCheckMessages {
  readonly valid: string;
  readonly position: string;
  readonly refused: string;
  /** One line per witness that cosigned: `{name}`, `{time}`. */
  readonly witness: string;
  readonly noKey: string;
  /** A genuine proof of another notice than the page's `?notice=`: `{proofNoticeNo}`, `{noticeNo}`. */
  readonly otherNotice: string;
  /** The registry box's heading once the proof has failed: `{noticeNo}`. */
  readonly compareWithRegistry: string;
  readonly reasons: Record<OfflineFailure, string>;
}

export const OFFLINE_CHECK_MESSAGES: Record<Locale, OfflineCheckMessages> = {
  'zh-CN': {
    valid: '由{publisher}签署，{date}刊登，已记入公开日志',
    position: '公告编号 {noticeNo}，公开日志序号 {index}（日志共 {size} 条时签署）。本结果在您的浏览器内核验，未连接服务器。',
    refused: '这份登报证明未通过核验',
    witness: '独立见证方 {name} 于 {time} 联署了这个检查点。',
    noKey: '本页没有日志公钥，无法核验。',
    otherNotice: '这份登报证明是公告 {proofNoticeNo} 的，不是公告 {noticeNo} 的。',
    compareWithRegistry: '本平台登记的公告 {noticeNo}（请与手中的证明逐字核对）',
    reasons: {
      damaged: '核验码已损坏或不完整，无法读取。',
      not_a_notice: '核验码中的内容不是一份声明记录。',
      not_in_log: '核验码中的证明路径不成立：这份声明不在所签署的日志中。',
      not_signed: '这份证明不是由本报的日志密钥签署的，可能是伪造的。',
      bad_signature: '签名与内容不符：声明内容、日期或证明已被改动，或是伪造的。',
    },
  },
  en: {
    valid: 'Signed by {publisher} on {date}, in the public log',
    position: 'Notice {noticeNo}, at index {index} of the public log (signed when the log had {size} entries). Checked in your browser, without asking the server.',
    refused: 'This proof of publication does not check out',
    witness: 'Independent witness {name} cosigned this checkpoint at {time}.',
    noKey: 'This page carries no log key to check with.',
    otherNotice: 'This proof is for notice {proofNoticeNo}, not notice {noticeNo}.',
    compareWithRegistry: 'What the registry holds for notice {noticeNo} — compare it with the proof',
    reasons: {
      damaged: 'The proof code is damaged or incomplete and cannot be read.',
      not_a_notice: 'The proof code does not hold a notice record.',
      not_in_log: 'The proof path does not hold: this notice is not in the signed log.',
      not_signed: 'The proof is not signed by this newspaper\u2019s log key; it may be forged.',
      bad_signature: 'The signature does not match the content: the notice, its date or the proof was altered, or forged.',
    },
  },
};
