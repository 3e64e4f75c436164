// When a mail that could not be sent is tried again (issue 7: 1 min, 5 min, 30 min, 2 h, then
// failed), and which SMTP failures are worth retrying at all.

/** Where a message in the outbox stands. */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120] as const;

/** The next try after `attempts` failed ones, or null once the retries are used up. */
export function nextAttemptAt(attempts: number, failedAt: Date): Date | null {
  const minutes = RETRY_DELAYS_MINUTES[attempts - 1];
  return minutes === undefined ? null : new Date(failedAt.getTime() + minutes * 60_000);
}

export type SmtpFailure = { code?: string; responseCode?: number; response?: string; message?: string };

/**
 * A failure that another try cannot fix: the server refused our credentials or gave a 5xx answer
 * (bad recipient, policy). Connection problems and 4xx answers are temporary by definition.
 */
export function isPermanent(failure: SmtpFailure): boolean {
  if (failure.code === 'EAUTH' || failure.code === 'ENOAUTH') return true;
  return typeof failure.responseCode === 'number' && failure.responseCode >= 500 && failure.responseCode < 600;
}

/** The SMTP error as the office will read it: what kind of failure, then the server's words. */
export function describeFailure(failure: SmtpFailure): string {
  const detail = (failure.response || failure.message || String(failure.code ?? ''))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  if (failure.code === 'EAUTH' || failure.code === 'ENOAUTH')
    return `邮件服务器拒绝登录，请检查 SMTP_USER / SMTP_PASSWORD：${detail}`;
  if (failure.code === 'EENVELOPE') return `邮件服务器拒收收件人或发件人地址：${detail}`;
  if (failure.responseCode && failure.responseCode >= 500)
    return `邮件服务器拒收（${failure.responseCode}）：${detail}`;
  if (failure.responseCode && failure.responseCode >= 400)
    return `邮件服务器暂时拒收（${failure.responseCode}），稍后自动重试：${detail}`;
  return `连接邮件服务器失败（${failure.code ?? '未知错误'}），稍后自动重试：${detail}`;
}
