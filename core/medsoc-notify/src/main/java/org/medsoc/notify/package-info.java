/**
 * Notification channels: e-mail, DingTalk, WeCom, Feishu, a signed generic webhook and an HTTP SMS gateway, with
 * Chinese and English templates and a per-channel rate limit behind the {@link org.medsoc.notify.Notifier} facade.
 */
@NullMarked
package org.medsoc.notify;

import org.jspecify.annotations.NullMarked;
