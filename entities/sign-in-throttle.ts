import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed sign-ins counted per account or per IP, shared by every instance. */
@Entity({ name: 'sign_in_throttle' })
export class SignInThrottle {
  @PrimaryColumn({ name: 'key', type: 'text' })
  key!: string;

  @Column({ name: 'failures', type: 'integer' })
  failures!: number;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt!: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
