import { PHASE_INSTRUCTIONS, PHASE_LABELS, phasesOf, type Phase } from '@tsunagu/shared';
import { useLang } from '../i18n/lang.js';

/**
 * The agenda steps 集める → 分ける → 選ぶ → まとめる with the current one highlighted; a meeting
 * that continues an earlier one (`continued`) opens with 振り返り. With `onPick` (the
 * facilitator) each step is a button that moves the workshop to it; without, they are plain
 * labels (no pill that looks clickable but is not).
 */
export function PhaseSteps({ phase, continued = false, onPick }: { phase: Phase; continued?: boolean; onPick?: (p: Phase) => void }) {
  const { lang } = useLang();
  const phases = phasesOf({ continuesFrom: continued || phase === 'review' ? 'yes' : undefined });
  return (
    <ol className={`phase-steps${onPick ? ' pickable' : ' labels'}`} aria-label="agenda" data-testid="phase-steps">
      {phases.map((p, i) => (
        <li key={p} className={p === phase ? 'on' : phases.indexOf(phase) > i ? 'done' : ''} aria-current={p === phase ? 'step' : undefined}>
          {onPick ? (
            <button type="button" className="phase-chip" data-phase={p} aria-pressed={p === phase} onClick={() => p !== phase && onPick(p)}>
              {i + 1}. {PHASE_LABELS[p][lang]}
            </button>
          ) : (
            <>
              {i + 1}. {PHASE_LABELS[p][lang]}
            </>
          )}
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
