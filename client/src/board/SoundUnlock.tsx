import { useEffect, useState } from 'react';
import { useT } from '../i18n/lang.js';
import { audioState, onAudioState, unlockAudio } from './chime.js';
import { H } from './hallStrings.js';

/**
 * 「音を有効にする」: one tap unlocks the end-of-timer chime (browsers only allow audio after a
 * tap). Shown on the projector and the facilitator's pages until audio runs, then a small mark.
 */
export function SoundUnlock({ big }: { big?: boolean }) {
  const t = useT();
  const [state, setState] = useState(audioState());
  useEffect(() => onAudioState(() => setState(audioState())), []);
  if (state === 'running')
    return (
      <span className={`sound-ready${big ? ' big' : ''}`} data-testid="sound-ready" data-audio-state={state}>
        {t(H.soundReady)}
      </span>
    );
  return (
    <button
      type="button"
      className={`btn sound-unlock${big ? ' big' : ''}`}
      data-testid="sound-unlock"
      data-audio-state={state}
      title={t(H.soundOnHint)}
      onClick={() => void unlockAudio().then(setState)}
    >
      {t(H.soundOn)}
    </button>
  );
}
