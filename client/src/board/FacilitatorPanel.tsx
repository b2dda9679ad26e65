import { useState } from 'react';
import type * as Y from 'yjs';
import {
  addColumn,
  addTime,
  applyColumnTemplate,
  COLUMN_TEMPLATES,
  PHASE_LABELS,
  phasesOf,
  readMeta,
  pauseTimer,
  readTimer,
  renameColumn,
  setPhase,
  setTimer,
  startTimer,
  timerMap,
  type Column,
  type Phase,
} from '@tsunagu/shared';
import { B2 } from '../i18n/boardTools.js';
import { useLang, useT } from '../i18n/lang.js';
import { useYVersion } from '../sync/useYVersion.js';
import type { VoteSettings } from '@tsunagu/shared';
import type { Voting } from './useVoting.js';

/** The facilitator's tools: agenda, timer, dot voting, lanes and follow-me. */
export function FacilitatorPanel({
  doc,
  phase,
  vote,
  columns,
  userId,
  voting,
  leading,
  setLeading,
  onShowTrash,
  trashCount,
}: {
  doc: Y.Doc;
  phase: Phase;
  vote: VoteSettings;
  columns: readonly Column[];
  userId: string;
  voting: Voting;
  leading: boolean;
  setLeading(on: boolean): void;
  onShowTrash(): void;
  trashCount: number;
}) {
  const t = useT();
  const { lang } = useLang();
  useYVersion(timerMap(doc) as unknown as Y.AbstractType<unknown>);
  const timer = readTimer(doc);
  const [minutes, setMinutes] = useState(5);
  const [budget, setBudget] = useState(3);
  const [laneName, setLaneName] = useState('');
  return (
    <div className="fac-panel" data-testid="facilitator-panel">
      <section>
        <h3>{t(B2.phase)}</h3>
        <div className="seg">
          {phasesOf(readMeta(doc)).map((p) => (
            <button key={p} type="button" className={`btn btn-small${p === phase ? ' on' : ''}`} data-testid={`phase-${p}`} onClick={() => setPhase(doc, p)}>
              {PHASE_LABELS[p][lang]}
            </button>
          ))}
        </div>
      </section>
      <section>
        <h3>{t(B2.timer)}</h3>
        <div className="row">
          <input type="number" min={1} max={120} value={minutes} onChange={(e) => setMinutes(Number(e.target.value) || 1)} data-testid="timer-minutes" aria-label={t(B2.setTimer)} />
          <span>{t(B2.setTimer)}</span>
          <button type="button" className="btn btn-small" data-testid="timer-set" onClick={() => setTimer(doc, minutes * 60_000, userId)}>
            ⟳
          </button>
          {timer.running ? (
            <button type="button" className="btn btn-small" data-testid="timer-pause" onClick={() => pauseTimer(doc)}>
              {t(B2.pause)}
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-small btn-primary"
              data-testid="timer-start"
              onClick={() => {
                if (timer.durationMs <= 0) setTimer(doc, minutes * 60_000, userId);
                startTimer(doc, userId);
              }}
            >
              {t(B2.start)}
            </button>
          )}
          <button type="button" className="btn btn-small" data-testid="timer-plus" onClick={() => addTime(doc, 60_000)}>
            {t(B2.plusMin)}
          </button>
        </div>
      </section>
      <section>
        <h3>{t(B2.voteTitle)}</h3>
        <div className="row">
          <label>
            {t(B2.budget)} <input type="number" min={1} max={20} value={budget} onChange={(e) => setBudget(Number(e.target.value) || 1)} data-testid="vote-budget" />
          </label>
        </div>
        <div className="row">
          {vote.active ? (
            <button type="button" className="btn btn-small" data-testid="vote-end" onClick={() => void voting.end()}>
              {t(B2.endVote)}
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-small btn-primary"
              data-testid="vote-start"
              onClick={() => {
                void voting.start(budget).then(() => setPhase(doc, 'vote'));
              }}
            >
              {t(B2.startVote)}
            </button>
          )}
          <button type="button" className="btn btn-small" data-testid="vote-reveal" onClick={() => void voting.reveal(!vote.revealed)}>
            {vote.revealed ? t(B2.hide) : t(B2.reveal)}
          </button>
        </div>
      </section>
      <section>
        <h3>{t(B2.lanes)}</h3>
        <select
          data-testid="template-select"
          aria-label={t(B2.template)}
          value=""
          onChange={(e) => e.target.value && applyColumnTemplate(doc, e.target.value)}
        >
          <option value="">{t(B2.template)}…</option>
          {COLUMN_TEMPLATES.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {lang === 'ja' ? tpl.label : tpl.labelEn}
            </option>
          ))}
        </select>
        <ul className="lane-list">
          {columns.map((c) => (
            <li key={c.id}>
              <input
                defaultValue={c.label}
                key={c.label}
                aria-label={t(B2.rename)}
                data-testid={`lane-name-${c.id}`}
                onBlur={(e) => e.target.value !== c.label && renameColumn(doc, c.id, e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && !e.nativeEvent.isComposing && e.currentTarget.blur()}
              />
            </li>
          ))}
        </ul>
        <div className="row">
          <input value={laneName} placeholder={t(B2.addLane)} onChange={(e) => setLaneName(e.target.value)} data-testid="lane-new" />
          <button type="button" className="btn btn-small" disabled={!laneName.trim()} onClick={() => (addColumn(doc, laneName), setLaneName(''))}>
            ＋
          </button>
        </div>
      </section>
      <section className="row">
        <button type="button" className={`btn btn-small${leading ? ' on' : ''}`} data-testid="follow-lead" onClick={() => setLeading(!leading)}>
          {leading ? t(B2.leadOff) : t(B2.leadOn)}
        </button>
        <button type="button" className="btn btn-small" data-testid="trash-open" onClick={onShowTrash}>
          🗑 {t(B2.trash)} ({trashCount})
        </button>
      </section>
    </div>
  );
}
