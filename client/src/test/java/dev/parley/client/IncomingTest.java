package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import org.junit.jupiter.api.Test;

class IncomingTest {
    private final JsonCodec codec = new JsonCodec();

    @Test
    void aResultReplyCarriesItsIdAndResult() {
        Incoming incoming = Incoming.decode(codec, "{\"id\":17,\"result\":{\"userId\":5}}");
        assertThat(incoming).isInstanceOfSatisfying(Incoming.Reply.class, reply -> {
            assertThat(reply.id()).isEqualTo(17);
            assertThat(reply.error()).isNull();
            assertThat(reply.result().get("userId").asLong()).isEqualTo(5);
        });
    }

    @Test
    void aReplyWithoutAResultMemberHasAnEmptyObjectResult() {
        Incoming incoming = Incoming.decode(codec, "{\"id\":3}");
        assertThat(((Incoming.Reply) incoming).result().isObject()).isTrue();
    }

    @Test
    void anErrorReplyBecomesATypedExceptionKeepingRetryAfter() {
        Incoming incoming = Incoming.decode(codec,
                "{\"id\":4,\"error\":{\"code\":\"FLOOD_WAIT\",\"message\":\"slow down\",\"retryAfter\":3}}");
        ParleyException error = ((Incoming.Reply) incoming).error().toException();
        assertThat(error.code()).isEqualTo(ErrorCode.FLOOD_WAIT);
        assertThat(error.retryAfter()).hasValue(3);
        assertThat(error).hasMessage("slow down");
    }

    @Test
    void anErrorCodeFromANewerServerIsReadAsInternal() {
        Incoming incoming = Incoming.decode(codec, "{\"id\":4,\"error\":{\"code\":\"SOMETHING_NEW\",\"message\":\"m\"}}");
        assertThat(((Incoming.Reply) incoming).error().toException().code()).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void aFrameWithUpdatesAndNoIdIsAPushedBatch() {
        Incoming incoming = Incoming.decode(codec,
                "{\"updates\":[{\"kind\":\"newMessage\"},{\"kind\":\"readHistoryInbox\"}],\"pts\":12,\"ptsCount\":2}");
        assertThat(incoming).isInstanceOfSatisfying(Incoming.Push.class, push -> {
            assertThat(push.batch().pts()).isEqualTo(12);
            assertThat(push.batch().ptsCount()).isEqualTo(2);
            assertThat(push.batch().updates()).hasSize(2)
                    .allSatisfy(update -> assertThat(update).isInstanceOf(JsonNode.class));
            assertThat(((JsonNode) push.batch().updates().getFirst()).get("kind").asText()).isEqualTo("newMessage");
        });
    }

    @Test
    void anErrorWithoutARequestIdIsUncorrelated() {
        Incoming incoming = Incoming.decode(codec, "{\"error\":{\"code\":\"BAD_REQUEST\",\"message\":\"malformed\"}}");
        assertThat(incoming).isInstanceOf(Incoming.UncorrelatedError.class);
    }

    @Test
    void framesOfNeitherShapeAreProtocolViolations() {
        assertThatThrownBy(() -> Incoming.decode(codec, "[1,2]")).isInstanceOf(ParleyException.class);
        assertThatThrownBy(() -> Incoming.decode(codec, "{\"hello\":1}")).isInstanceOf(ParleyException.class);
        assertThatThrownBy(() -> Incoming.decode(codec, "{not json")).isInstanceOf(ParleyException.class);
    }
}
