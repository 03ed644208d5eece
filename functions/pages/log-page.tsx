import type { WitnessCosignature } from '../../shared/domain/log/note.js';
import type { Locale } from '../../shared/http/locale.js';
import type { PublishedLogKey, StoredCheckpoint } from '../../shared/store/log-store.js';
import { Frame, type PageFrame } from './pages.js';

const LOG_STYLE = `
pre.note{background:#fff;border:1px solid #ccc;padding:.75rem;white-space:pre-wrap;word-break:break-all;font-size:.85rem}
.size{font-size:2rem;font-weight:700;color:#8b1a1a;margin:.25rem 0}
code{word-break:break-all}
`;

const TEXT = {
  'zh-CN': {
    title: '公开日志',
    intro:
      '本平台刊登的每一份声明（包括更正声明）都在刊登的同时写入一份只增不改的公开日志（RFC 9162 默克尔树）。每次刊登后，本报用自己的密钥签署一个检查点。任何人都可以核对：某份声明确实在某日刊登，且此后从未被改动或删除。',
    size: '日志条数',
    checkpoint: '最新签署的检查点',
    signedAt: '签署时间',
    key: '验证公钥（C2SP note 验证密钥）',
    none: '日志还没有签署过检查点。',
    witnesses: '独立见证方联署（C2SP tlog-cosignature）',
    noWitness: '这个检查点还没有见证方联署。',
    cosignedAt: '联署于',
    howTitle: '如何核对',
    how: [
      '下载本项目后运行 npm run audit-log -- <本站地址>：它取回检查点和全部条目，重新计算根哈希，核对签名，并与上次看到的检查点做一致性核对（保存在本地文件中）。',
      '单独查看：GET /api/v1/log/checkpoint（检查点）、/.well-known/log-key（公钥）、/api/v1/log/entries/{序号}（条目原文）、/api/v1/log/proof/inclusion?index=&treeSize=、/api/v1/log/proof/consistency?from=&to=。',
      '每份登报证明上的二维码带有该声明的条目、包含证明和签署的检查点，在核验页面可脱机核对。',
    ],
  },
  en: {
    title: 'Public log',
    intro:
      'Every notice published here (corrections included) is written, as it is published, into an append-only public log (an RFC 9162 Merkle tree). After each publication the newspaper signs a checkpoint with its key. Anyone can check that a notice was published on its day and has never been changed or removed since.',
    size: 'Entries in the log',
    checkpoint: 'Latest signed checkpoint',
    signedAt: 'Signed at',
    key: 'Verifier key (C2SP note verifier key)',
    none: 'The log has not signed a checkpoint yet.',
    witnesses: 'Cosigned by independent witnesses (C2SP tlog-cosignature)',
    noWitness: 'No witness has cosigned this checkpoint yet.',
    cosignedAt: 'cosigned at',
    howTitle: 'How to audit',
    how: [
      'With this project, run npm run audit-log -- <this site>: it fetches the checkpoint and every entry, recomputes the root, checks the signature and checks consistency with the last checkpoint it saw (kept in a local file).',
      'One by one: GET /api/v1/log/checkpoint, /.well-known/log-key, /api/v1/log/entries/{index} (the entry’s exact bytes), /api/v1/log/proof/inclusion?index=&treeSize=, /api/v1/log/proof/consistency?from=&to=.',
      'The QR code on every proof of publication carries the notice’s entry, its inclusion proof and the signed checkpoint, and the verify page checks it offline.',
    ],
  },
} as const satisfies Record<Locale, unknown>;

/** `/log`: the tree size, the latest checkpoint and how to audit. */
export function LogPage(props: {
  frame: PageFrame;
  treeSize: number;
  checkpoint?: StoredCheckpoint;
  logKey?: PublishedLogKey;
  witnesses: readonly WitnessCosignature[];
}) {
  const text = TEXT[props.frame.locale];
  return (
    <Frame frame={props.frame} title={text.title} extraStyle={LOG_STYLE}>
      <main>
        <h1>{text.title}</h1>
        <p>{text.intro}</p>
        <p>{text.size}</p>
        <p class="size" data-tree-size={String(props.treeSize)}>
          {props.treeSize}
        </p>
        <h2>{text.checkpoint}</h2>
        {props.checkpoint ? (
          <>
            <pre class="note" id="checkpoint">
              {props.checkpoint.note}
            </pre>
            <p class="meta">
              {text.signedAt} {props.checkpoint.signedAt}
            </p>
          </>
        ) : (
          <p>{text.none}</p>
        )}
        {props.checkpoint ? (
          <>
            <h2>{text.witnesses}</h2>
            {props.witnesses.length === 0 ? (
              <p>{text.noWitness}</p>
            ) : (
              <ul id="witnesses">
                {props.witnesses.map((witness) => (
                  <li>
                    {witness.name} · {text.cosignedAt} {new Date(witness.time * 1000).toISOString()}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : null}
        {props.logKey ? (
          <>
            <h2>{text.key}</h2>
            <p>
              <code id="log-key">{props.logKey.verifierKey}</code> · {props.logKey.publisher}
            </p>
          </>
        ) : null}
        <h2>{text.howTitle}</h2>
        <ul>
          {text.how.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      </main>
    </Frame>
  );
}
