/**
 * A gentle two-note chime (Web Audio), for the end of the timer. Browsers start audio only
 * after a tap on the page (the autoplay rule), and a timer ends with nobody touching the
 * screen: so one AudioContext is made and resumed by a tap on 「音を有効にする」
 * (`unlockAudio`), kept for the page's life, and every chime plays through it. Until then
 * the chime is silent. `audioState()` and the `tgAudio` / `tgChimes` data attributes on the
 * document element tell the UI (and tests) whether it is running and how many played.
 */
let shared: AudioContext | null = null;
const listeners = new Set<() => void>();

function contextClass(): typeof AudioContext | undefined {
  return window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
}

function publish(): void {
  document.documentElement.dataset.tgAudio = audioState();
  for (const l of listeners) l();
}

export function audioState(): AudioContextState | 'none' {
  return shared?.state ?? 'none';
}

export function onAudioState(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Call from a tap handler: creates or resumes the shared context. Resolves to its state. */
export async function unlockAudio(): Promise<AudioContextState | 'none'> {
  try {
    const Ctx = contextClass();
    if (!Ctx) return 'none';
    if (!shared) {
      shared = new Ctx();
      shared.addEventListener('statechange', publish);
    }
    if (shared.state !== 'running') await shared.resume();
    // a short, silent buffer: some browsers only truly unlock once something played
    const src = shared.createBufferSource();
    src.buffer = shared.createBuffer(1, 1, 22050);
    src.connect(shared.destination);
    src.start();
  } catch {
    /* no audio */
  }
  publish();
  return audioState();
}

export function chime(): void {
  const ctx = shared;
  if (!ctx || ctx.state !== 'running') return;
  try {
    [784, 1047].forEach((f, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = f;
      const t0 = ctx.currentTime + i * 0.35;
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(0.15, t0 + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.001, t0 + 1.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 1.3);
    });
    const root = document.documentElement;
    root.dataset.tgChimes = String(Number(root.dataset.tgChimes ?? '0') + 1);
  } catch {
    /* no audio */
  }
}
