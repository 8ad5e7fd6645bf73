/**
 * A review comment on a story, as stored and as the API hands it to the editor: the
 * story's partner and the press office write and read them, other partners never.
 */
export interface Comment {
  id: string;
  at: string;
  by: string;
  byName: string;
  partner: string;
  text: string;
}
