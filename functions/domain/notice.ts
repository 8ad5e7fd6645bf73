/**
 * A notice for the press office, as stored and as the API hands it to the editor: e.g.
 * a featured story was withdrawn and removed from a release. Kept until someone in the
 * press office acknowledges it.
 */
export interface PressNotice {
  id: string;
  at: string;
  message: string;
  releaseId?: string;
  storyId?: string;
  /** Open until the release is republished in a corrected version. */
  task?: boolean;
}
