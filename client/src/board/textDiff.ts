// The surrogate-safe text diff lives in shared/ (the server's version restore uses it too).
export { diffText, transformIndex, type Edit } from '@tsunagu/shared';
