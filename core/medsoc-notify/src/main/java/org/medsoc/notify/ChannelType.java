package org.medsoc.notify;

import java.util.Locale;
import org.medsoc.spi.error.MedsocException;

/** The kinds of channel, as written in {@code notify.channel.<name>.type}. */
public enum ChannelType {
    /** DingTalk (钉钉) custom group robot; documented limit 20 messages per minute per robot. */
    DINGTALK(20),
    /** WeCom (企业微信) group robot; documented limit 20 messages per minute per robot. */
    WECOM(20),
    /** Feishu / Lark (飞书) custom bot; documented limit 100 per minute and 5 per second per bot. */
    FEISHU(100),
    /** A generic HTTPS endpoint receiving signed JSON. */
    WEBHOOK(60),
    /** An HTTP SMS gateway. */
    SMS(30),
    /** SMTP e-mail. */
    EMAIL(60);

    private final int defaultRatePerMinute;

    ChannelType(int defaultRatePerMinute) {
        this.defaultRatePerMinute = defaultRatePerMinute;
    }

    /** The rate limit applied when {@code rate-limit-per-minute} is not configured. */
    public int defaultRatePerMinute() {
        return defaultRatePerMinute;
    }

    /** The configuration name: {@code dingtalk}, {@code wecom}, {@code feishu}, {@code webhook}, {@code sms}, {@code email}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a configuration name. */
    public static ChannelType fromKey(String channelName, String key) {
        for (ChannelType t : values()) {
            if (t.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new MedsocException(
                NotifyErrorCode.INVALID_CHANNEL_CONFIGURATION,
                "notify.channel." + channelName + ".type is '" + key
                        + "'; expected one of dingtalk, wecom, feishu, webhook, sms, email");
    }
}
