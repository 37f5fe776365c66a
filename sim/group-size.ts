// Group size (MODEL.md v3 §3.8; issue 17 item 4): what a meeting loses to its size, smoothly, with
// no threshold. Attendance falls with the number invited (diffusion of responsibility, Latané &
// Darley 1970; Latané 1981), and a room's opinion change falls with the number present (process
// losses, Steiner 1972). Used by the calendar (sim/meetings.ts) and the meeting kernel
// (sim/deliberation.ts).

/**
 * Attendance factor of a meeting of `invited` (diffusion of responsibility, Latané 1981): 1 for one
 * invitee, falling smoothly as (1 + (invited - 1) / reference)^-crowding, with no threshold size.
 */
export function crowdingFactor(crowding: number, invited: number, reference: number): number {
  return crowding > 0 ? (1 + (invited - 1) / reference) ** -crowding : 1;
}

/**
 * Productivity of a room of n attendees (process losses, Steiner 1972): the share of a pairwise
 * exchange's opinion change, and of the chair's synthesis, that a meeting of n achieves.
 */
export function processLossFactor(loss: number, n: number): number {
  return 1 / (1 + loss * (n - 1));
}
