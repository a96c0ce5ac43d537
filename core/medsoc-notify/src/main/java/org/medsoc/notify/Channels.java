package org.medsoc.notify;

import static java.util.Objects.requireNonNull;

import org.medsoc.common.Settings;

/** Creates channels from configuration: {@code notify.channel.<name>.type} picks the kind, the rest its options. */
public final class Channels {
    private Channels() {}

    /**
     * The channel configured by one section ({@code notify.channel.<name>.*} with the prefix removed).
     *
     * @throws org.medsoc.spi.error.MedsocException with {@link NotifyErrorCode#INVALID_CHANNEL_CONFIGURATION} naming
     *     the key when something is missing or invalid
     */
    public static Channel create(String name, Settings section) {
        requireNonNull(name, "name is null");
        requireNonNull(section, "section is null");
        String type = section.find("type")
                .orElseThrow(() -> new org.medsoc.spi.error.MedsocException(
                        NotifyErrorCode.INVALID_CHANNEL_CONFIGURATION,
                        "notify.channel." + name + ".type is required: dingtalk, wecom, feishu, webhook, sms or email"));
        try {
            return switch (ChannelType.fromKey(name, type)) {
                case DINGTALK -> DingTalkChannel.create(name, DingTalkChannel.Config.fromSettings(name, section));
                case WECOM -> WeComChannel.create(name, WeComChannel.Config.fromSettings(name, section));
                case FEISHU -> FeishuChannel.create(name, FeishuChannel.Config.fromSettings(name, section));
                case WEBHOOK -> WebhookChannel.create(name, WebhookChannel.Config.fromSettings(name, section));
                case SMS -> SmsChannel.create(name, SmsChannel.Config.fromSettings(name, section));
                case EMAIL -> EmailChannel.create(name, EmailChannel.Config.fromSettings(name, section));
            };
        } catch (IllegalArgumentException e) {
            throw new org.medsoc.spi.error.MedsocException(
                    NotifyErrorCode.INVALID_CHANNEL_CONFIGURATION,
                    "notify.channel." + name + " is invalid: " + e.getMessage(),
                    e);
        }
    }
}
