import type { MigrationInterface, QueryRunner } from 'typeorm';

// TODO(outbox): owned by the events work; the outbox, webhook endpoints and delivery log land here.
const UP: string[] = [];
const DOWN: string[] = [];

export class EventsOutbox1765100000000 implements MigrationInterface {
  name = 'EventsOutbox1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}
