import { expect } from 'chai';
import type { ModelStatic, Model } from 'sequelize';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';

/**
 * One spelling per type: PostgreSQL says CHARACTER VARYING for VARCHAR, and on SQLite Sequelize writes a
 * BOOLEAN as TINYINT(1) while a column added in plain SQL says BOOLEAN (both store 0 and 1).
 */
function normalizeType(type: string): string {
  const upper = type.toUpperCase().replace(/^CHARACTER VARYING/, 'VARCHAR');
  return upper === 'TINYINT(1)' ? 'BOOLEAN' : upper;
}

/** SQLite reports a default written in SQL as its text (`false`); Sequelize's own tables as a value. */
function normalizeDefault(type: string, value: unknown): unknown {
  if (value === undefined) return null;
  if (type === 'BOOLEAN' && typeof value === 'string') {
    if (['false', '0'].includes(value.toLowerCase())) return false;
    if (['true', '1'].includes(value.toLowerCase())) return true;
  }
  return value;
}

interface Column {
  type: string;
  allowNull: boolean;
  primaryKey: boolean;
  defaultValue: unknown;
}

/** What the model says each column is, in the same terms as describeTable. */
function modelColumns(model: ModelStatic<Model>): Record<string, Column> {
  const columns: Record<string, Column> = {};
  for (const [name, attribute] of Object.entries(model.getAttributes())) {
    const type = normalizeType(String((attribute.type as { toString(options: object): string }).toString({})));
    columns[attribute.field ?? name] = {
      type,
      // Sequelize's own default: nullable unless the attribute says otherwise (or is a primary key).
      allowNull: attribute.allowNull ?? !attribute.primaryKey,
      primaryKey: attribute.primaryKey === true,
      defaultValue: normalizeDefault(type, attribute.defaultValue),
    };
  }
  return columns;
}

// The migrations are applied history and the models are today's code: two definitions kept apart on
// purpose, so this test is what keeps them in agreement (columns, types, nullability, keys, defaults).
for (const kind of DATABASE_KINDS) {
  describe(`the migrated tables match the Sequelize models on ${kind}`, () => {
    const db = withDatabase(kind);

    it('every model has its table, with the same columns, types, nullability, primary keys and defaults', async () => {
      const queryInterface = db.sequelize.getQueryInterface();
      const models = Object.entries(db.models).filter(([name]) => name !== 'sequelize') as [string, ModelStatic<Model>][];
      expect(models.map(([name]) => name)).to.include.members(['User', 'Stream', 'StreamAcl', 'Commit', 'ApiToken']);
      for (const [name, model] of models) {
        const described = await queryInterface.describeTable(model.getTableName(), db.schema ? { schema: db.schema } : undefined);
        const table: Record<string, Column> = {};
        for (const [column, info] of Object.entries(described)) {
          const type = normalizeType(info.type);
          table[column] = { type, allowNull: info.allowNull, primaryKey: info.primaryKey, defaultValue: normalizeDefault(type, info.defaultValue) };
        }
        expect(table, `${name} (${String(model.getTableName())})`).to.deep.equal(modelColumns(model));
      }
    });
  });
}
