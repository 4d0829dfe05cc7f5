import { z } from 'zod';
import { rowLabel, type Format } from './definition.js';
import { FIELD_LABELS, dataSchema } from './schema.js';

type Schema = { title?: string; description?: string; properties?: Record<string, Schema>; [key: string]: unknown };

/**
 * The JSON Schema of a format's data files, made from the same zod schema that validates them, with the official
 * labels as titles: the fields' names in words, the sections' titles, each table row's label, unit and columns (what
 * VS Code's YAML extension shows on hover and offers in completion).
 */
export function jsonSchema(format: Format): Schema {
  const schema = z.toJSONSchema(dataSchema(format), { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Schema;
  schema.title = format.name;
  schema.$id = `nianbao:${format.id}`;
  const properties = schema.properties ?? {};
  for (const [key, label] of Object.entries(FIELD_LABELS)) if (properties[key]) properties[key].title = label;
  const sections = properties.sections?.properties ?? {};
  for (const s of format.sections) if (sections[s.id]) Object.assign(sections[s.id], { title: s.title ?? '开头段落', description: s.hint });
  for (const table of format.tables) {
    const t = properties[table.data];
    if (!t) continue;
    t.title = table.title ?? '统计表';
    for (const row of table.rows) {
      const r = row.id && t.properties?.[row.id];
      if (!r) continue;
      r.title = rowLabel(row);
      const columns = row.columns ?? table.columns;
      r.description = [row.unit && `单位：${row.unit}`, row.values > 1 && columns && `依次为：${columns.map((c) => c.replace(/\n/g, '')).join('、')}`, row.na && '没有该项职权的填 /']
        .filter(Boolean)
        .join('；');
    }
  }
  // the tables are in the file, or in the workbook `tables:` names
  const keys = format.tables.map((t) => t.data);
  const required = (schema.required as string[] | undefined) ?? [];
  schema.required = required.filter((k) => !keys.includes(k));
  schema.anyOf = [{ required: ['tables'] }, { required: keys.filter((k) => required.includes(k)) }];
  return schema;
}
