import { expect } from 'chai';
import type { ModelStatic, Model } from 'sequelize';
import { DATABASE_KINDS, withDatabase } from '../helpers/db.js';

/**
 * The database's spelling of a type, in Sequelize's: PostgreSQL says CHARACTER VARYING for VARCHAR, and
 * SQLite reports a column added with plain SQL (`ADD COLUMN … BOOLEAN`, migration 0007) as BOOLEAN where
 * Sequelize's own DDL writes TINYINT(1); SQLite stores both with the same (numeric) affinity.
 */
function normalizeType(type: string): string {
  return type.toUpperCase().replace(/^CHARACTER VARYING/, 'VARCHAR').replace(/^BOOLEAN$/, 'TINYINT(1)');
}

/** SQLite hands a plain-SQL default back as its text (`'false'`); Sequelize's own DDL reads back as a boolean. */
function normalizeDefault(value: unknown): unknown {
  if (value === 'false') return false;
  if (value === 'true') return true;
  return value ?? null;
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
    columns[attribute.field ?? name] = {
      type: normalizeType(String((attribute.type as { toString(options: object): string }).toString({}))),
      // Sequelize's own default: nullable unless the attribute says otherwise (or is a primary key).
      allowNull: attribute.allowNull ?? !attribute.primaryKey,
      primaryKey: attribute.primaryKey === true,
      defaultValue: attribute.defaultValue ?? null,
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
          table[column] = {
            type: normalizeType(info.type),
            allowNull: info.allowNull,
            primaryKey: info.primaryKey,
            defaultValue: normalizeDefault(info.defaultValue),
          };
        }
        expect(table, `${name} (${String(model.getTableName())})`).to.deep.equal(modelColumns(model));
      }
    });
  });
}
