package dev.parley.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.ParleyException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntitiesTest {
    private static Entity e(String type, int offset, int length) {
        return new Entity(type, offset, length, null);
    }

    private static ErrorCode codeOf(Runnable action) {
        try {
            action.run();
        } catch (ParleyException e) {
            return e.code();
        }
        throw new AssertionError("expected a ParleyException");
    }

    @Test
    void validEntitiesComeBackSortedByOffset() {
        String text = "bold and @someone see https";
        List<Entity> sorted = Entities.validate(text, List.of(e("mention", 9, 8), e("bold", 0, 4),
                new Entity("link", 22, 5, "https://parley.dev/x"), e("italic", 0, 8)));

        assertThat(sorted).extracting(Entity::type).containsExactly("bold", "italic", "mention", "link");
    }

    @Test
    void offsetsCountUtf16UnitsSoAnEmojiTakesTwo() {
        String text = "😀 hi";
        assertThat(Entities.validate(text, List.of(e("bold", 0, 2), e("italic", 3, 2)))).hasSize(2);
        assertThat(codeOf(() -> Entities.validate(text, List.of(e("bold", 0, 1))))).isEqualTo(ErrorCode.ENTITIES_INVALID);
        assertThat(codeOf(() -> Entities.validate(text, List.of(e("bold", 3, 3))))).isEqualTo(ErrorCode.ENTITIES_INVALID);
    }

    @Test
    void entitiesOfTheSameTypeMustNotOverlapButDifferentTypesMayNest() {
        String text = "abcdefgh";
        assertThat(codeOf(() -> Entities.validate(text, List.of(e("bold", 0, 4), e("bold", 3, 2)))))
                .isEqualTo(ErrorCode.ENTITIES_INVALID);
        assertThat(Entities.validate(text, List.of(e("bold", 0, 4), e("bold", 4, 2), e("italic", 1, 6)))).hasSize(3);
    }

    @Test
    void codeAndPreAreLiteralSoNothingMayOverlapThem() {
        assertThat(codeOf(() -> Entities.validate("abcdefgh", List.of(e("code", 0, 4), e("bold", 2, 4)))))
                .isEqualTo(ErrorCode.ENTITIES_INVALID);
    }

    @Test
    void aMentionMustCoverAnAtUsername() {
        assertThat(codeOf(() -> Entities.validate("hi alice!", List.of(e("mention", 3, 5)))))
                .isEqualTo(ErrorCode.ENTITIES_INVALID);
        assertThat(Entities.validate("hi @alice!", List.of(e("mention", 3, 6)))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "ftp://host/x", "https://", "not a url", "//host/path"})
    void aLinkNeedsAnAbsoluteHttpUrl(String url) {
        assertThat(codeOf(() -> new Entity("link", 0, 1, url))).isEqualTo(ErrorCode.ENTITIES_INVALID);
    }

    @Test
    void spansPastTheTextAndNegativeOffsetsAreRejected() {
        assertThat(codeOf(() -> Entities.validate("abc", List.of(e("bold", 1, 3))))).isEqualTo(ErrorCode.ENTITIES_INVALID);
        assertThat(codeOf(() -> e("bold", -1, 2))).isEqualTo(ErrorCode.ENTITIES_INVALID);
        assertThat(codeOf(() -> e("bold", 0, 0))).isEqualTo(ErrorCode.ENTITIES_INVALID);
        assertThat(codeOf(() -> e("marquee", 0, 1))).isEqualTo(ErrorCode.ENTITIES_INVALID);
        assertThat(codeOf(() -> new Entity("bold", 0, 1, "https://x.y"))).isEqualTo(ErrorCode.ENTITIES_INVALID);
    }

    @Test
    void textLengthCountsCodePointsAndBlankTextIsEmpty() {
        assertThat(Entities.text("😀".repeat(4096), "text")).hasSize(8192);
        assertThat(codeOf(() -> Entities.text("a".repeat(4097), "text"))).isEqualTo(ErrorCode.MESSAGE_TOO_LONG);
        assertThat(codeOf(() -> Entities.text(" \n ", "text"))).isEqualTo(ErrorCode.MESSAGE_EMPTY);
        assertThat(codeOf(() -> Entities.text("bell\u0007", "text"))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(Entities.text("two\nlines\tand tab", "text")).contains("\n");
    }

    @Test
    void invalidEntitiesInASendRequestBecomeATypedErrorThroughTheCodec() {
        JsonCodec codec = new JsonCodec();
        var params = codec.readTree("{\"chatId\":1,\"text\":\"hi\",\"randomId\":5,"
                + "\"entities\":[{\"type\":\"bold\",\"offset\":0,\"length\":9}]}");

        assertThatThrownBy(() -> codec.bind(params, MessageMethods.Send.class))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ENTITIES_INVALID));
    }

    @Test
    void updatesSerializeWithTheirTypeTag() {
        JsonCodec codec = new JsonCodec();
        Object update = new dev.parley.protocol.sync.Update.ChatTitle(5, "t", 9);
        String json = codec.write(new dev.parley.protocol.UpdateBatch(List.of(update), 9, 1));
        assertThat(json).isEqualTo("{\"updates\":[{\"type\":\"chatTitle\",\"chatId\":5,\"title\":\"t\",\"pts\":9}],"
                + "\"pts\":9,\"ptsCount\":1}");
        var back = codec.bind(codec.readTree("{\"type\":\"chatTitle\",\"chatId\":5,\"title\":\"t\",\"pts\":9}"),
                dev.parley.protocol.sync.Update.class);
        assertThat(back).isEqualTo(update);
    }
}
