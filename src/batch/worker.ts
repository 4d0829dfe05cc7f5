import { buildUnit, type BuildOptions, type UnitResult } from '../build.js';
import { Session } from '../session.js';

let session: { key: string; session: Session } | undefined;

/**
 * A batch worker: loads the modules and fonts once, then builds one unit per task. One session per worker, so a
 * district named by its city and built itself is read once in that worker.
 */
export default function build({ file, options }: { file: string; options: BuildOptions }): Promise<UnitResult> {
  const key = JSON.stringify(options.fonts ?? {});
  if (session?.key !== key) session = { key, session: new Session({ fonts: options.fonts }) };
  return buildUnit(file, options, session.session);
}
