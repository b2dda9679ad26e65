import { PHASE_INSTRUCTIONS, PHASE_LABELS, phasesOf, type Phase } from '@tsunagu/shared';
import { useLang } from '../i18n/lang.js';

/**
 * The agenda steps 集める → 分ける → 選ぶ → まとめる with the current one highlighted; a meeting
 * that continues an earlier one (`continued`) opens with 振り返り.
 */
export function PhaseSteps({ phase, continued = false }: { phase: Phase; continued?: boolean }) {
  const { lang } = useLang();
  const phases = phasesOf({ continuesFrom: continued || phase === 'review' ? 'yes' : undefined });
  return (
    <ol className="phase-steps" aria-label="agenda">
      {phases.map((p, i) => (
        <li key={p} className={p === phase ? 'on' : phases.indexOf(phase) > i ? 'done' : ''} aria-current={p === phase ? 'step' : undefined}>
          {i + 1}. {PHASE_LABELS[p][lang]}
        </li>
      ))}
    </ol>
  );
}

/** The current step's instruction, shown on every screen (huge on the projector). */
export function PhaseInstruction({ phase, className }: { phase: Phase; className?: string }) {
  const { lang } = useLang();
  const text = PHASE_INSTRUCTIONS[phase][lang];
  return (
    <p className={`phase-instruction ${className ?? ''}`} data-testid="phase-banner" data-phase={phase} title={text}>
      {text}
    </p>
  );
}

/** Steps and instruction together (phones). */
export function PhaseBanner({ phase, projector }: { phase: Phase; projector?: boolean }) {
  return (
    <div className={`phase-banner${projector ? ' big' : ''}`}>
      <PhaseSteps phase={phase} />
      <PhaseInstruction phase={phase} />
    </div>
  );
}
