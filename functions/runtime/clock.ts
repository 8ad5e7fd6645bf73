/**
 * The system's time: the one instant everything that judges time by the content reads, in
 * the Lambdas and in the local system alike. Embargoes and takedowns (the scheduled run,
 * the API's operations), the public site's render passes (the publisher and previews) and
 * the wording of mails are all decided against it, so they agree with each other.
 *
 * It is the real time; nothing but a test replaces `now` (and puts it back afterwards), to
 * see what the system does at another moment without waiting for it. What concerns the
 * world outside stays on the real clock: the times in and around sign-in tokens, log and
 * metric timestamps, and the pace of the mail sender.
 */
export interface Clock {
  now(): Date;
}

export const clock: Clock = { now: () => new Date() };
