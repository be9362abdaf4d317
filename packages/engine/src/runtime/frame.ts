/** Where in the definition an evaluation happens: the enclosing loops and their current items. */
export interface LoopFrame {
  name: string;
  index: number;
  /** Present for Foreach (items()/item()); Until has only an index. */
  item?: unknown;
  foreach: boolean;
}

export interface Frame {
  /** Indexes of the enclosing Foreach/Until loops, outermost first. */
  iteration: number[];
  loops: LoopFrame[];
}

export const ROOT_FRAME: Frame = { iteration: [], loops: [] };

/** The frame of one iteration of the loop `name`. */
export function enterLoop(frame: Frame, name: string, index: number, foreach: boolean, item?: unknown): Frame {
  return {
    iteration: [...frame.iteration, index],
    loops: [...frame.loops, foreach ? { name, index, item, foreach } : { name, index, foreach }],
  };
}

/** Joins a container path and an action name into the action's path. */
export function childPath(parentPath: string, name: string): string {
  return parentPath === '' ? name : `${parentPath}/${name}`;
}
