package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameAssemblerTest {
    @Test
    void aMessageSplitIntoPartsIsDeliveredWholeOnItsLastPart() {
        FrameAssembler assembler = new FrameAssembler(1000);
        assertThat(assembler.add("{\"id\":1,", false)).isEmpty();
        assertThat(assembler.add("\"result\":", false)).isEmpty();
        assertThat(assembler.add("{}}", true)).contains("{\"id\":1,\"result\":{}}");
        assertThat(assembler.add("{\"id\":2}", true)).contains("{\"id\":2}");
    }

    @Test
    void aMessageOverTheBoundIsRefusedAndTheBufferReset() {
        FrameAssembler assembler = new FrameAssembler(10);
        assertThat(assembler.add("123456", false)).isEmpty();
        assertThatThrownBy(() -> assembler.add("7890ab", true)).isInstanceOf(IllegalStateException.class);
        assertThat(assembler.add("ok", true)).contains("ok");
    }
}
