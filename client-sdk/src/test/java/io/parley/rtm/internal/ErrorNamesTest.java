package io.parley.rtm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.rtm.RtmStatusCode;
import org.junit.jupiter.api.Test;

class ErrorNamesTest {
    @Test
    void info_descriptionIsTheConstantNameOfTheGroup() {
        assertThat(ErrorNames.info(RtmStatusCode.PeerMessageError.class, 4).getErrorDescription())
                .isEqualTo("PEER_MESSAGE_ERR_CACHED_BY_SERVER");
        assertThat(ErrorNames.info(RtmStatusCode.LoginError.class, 8).getErrorDescription())
                .isEqualTo("LOGIN_ERR_ALREADY_LOGIN");
        assertThat(ErrorNames.name(RtmStatusCode.JoinChannelError.class, 4)).isEqualTo("JOIN_CHANNEL_TIMEOUT");
        assertThat(ErrorNames.name(RtmStatusCode.LoginError.class, 999)).isEqualTo("UNKNOWN_999");
    }
}
