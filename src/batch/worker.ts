import { buildUnit, type BuildOptions, type UnitResult } from '../build.js';

/** A batch worker: loads the modules and fonts once, then builds one unit per task. */
export default function build({ file, options }: { file: string; options: BuildOptions }): Promise<UnitResult> {
  return buildUnit(file, options);
}
