import { PHASE_INSTRUCTIONS, PHASE_LABELS, PHASES, type Phase } from '@tsunagu/shared';
import { useLang } from '../i18n/lang.js';

/** The agenda step and its instruction, on every screen (huge on the projector). */
export function PhaseBanner({ phase, projector }: { phase: Phase; projector?: boolean }) {
  const { lang } = useLang();
  return (
    <div className={`phase-banner${projector ? ' big' : ''}`} data-testid="phase-banner" data-phase={phase}>
      <ol className="phase-steps" aria-label="agenda">
        {PHASES.map((p, i) => (
          <li key={p} className={p === phase ? 'on' : PHASES.indexOf(phase) > i ? 'done' : ''} aria-current={p === phase ? 'step' : undefined}>
            {i + 1}. {PHASE_LABELS[p][lang]}
          </li>
        ))}
      </ol>
      <p className="phase-instruction">{PHASE_INSTRUCTIONS[phase][lang]}</p>
    </div>
  );
}
