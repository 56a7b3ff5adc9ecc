import { useState } from 'preact/hooks';
import type { Strings } from '../i18n/en';
import type { App } from '../state/app';
import { Dialog } from './Dialog';
import { FormFooter } from './FormFooter';
import { useAction } from './useAction';

const MAX_OPTIONS = 10;

/**
 * Creates a poll (messages.sendPoll): a question, 2–10 distinct options, single or multiple answers; or a quiz,
 * which takes one answer, names the correct option and may explain it (shown to those who answered).
 */
export function PollDialog({ app, t, chatId, onClose }: { app: App; t: Strings; chatId: number; onClose: () => void }) {
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState<string[]>(['', '']);
  const [multipleChoice, setMultipleChoice] = useState(false);
  const [anonymous, setAnonymous] = useState(true);
  const [quiz, setQuiz] = useState(false);
  const [correct, setCorrect] = useState<number | null>(null);
  const [explanation, setExplanation] = useState('');
  const { error, setError, busy, run } = useAction(t, 'leaves');

  async function submit(event: Event) {
    event.preventDefault();
    const filled = options.map((o) => o.trim()).filter((o) => o !== '');
    if (question.trim() === '' || filled.length < 2 || new Set(filled).size !== filled.length) {
      setError(t.posts.pollNeedsOptions);
      return;
    }
    // The correct option's index among the options that are sent (empty fields are dropped).
    const correctText = correct === null ? '' : (options[correct] ?? '').trim();
    if (quiz && correctText === '') {
      setError(t.posts.quizNeedsAnswer);
      return;
    }
    await run(async () => {
      const kind = quiz
        ? { quiz: true, correctOption: filled.indexOf(correctText), ...(explanation.trim() ? { explanation: explanation.trim() } : {}) }
        : {};
      await app.chats.sendPoll(chatId, { question: question.trim(), options: filled, multipleChoice: quiz ? false : multipleChoice, anonymous, ...kind });
      onClose();
    });
  }

  return (
    <Dialog title={t.posts.newPollTitle} description={t.posts.pollNeedsOptions} onClose={onClose}>
      <form class="poll-form" onSubmit={(event) => void submit(event)}>
        <label>
          {t.posts.question}
          <input value={question} maxLength={300} onInput={(event) => setQuestion(event.currentTarget.value)} />
        </label>
        {options.map((option, i) => (
          <label key={i}>
            {t.posts.option(i + 1)}
            <input
              value={option}
              maxLength={100}
              onInput={(event) => {
                const value = event.currentTarget.value;
                setOptions((list) => list.map((o, j) => (j === i ? value : o)));
              }}
            />
          </label>
        ))}
        {options.length < MAX_OPTIONS && (
          <button type="button" class="link" onClick={() => setOptions((list) => [...list, ''])}>
            {t.posts.addOption}
          </button>
        )}
        <label class="check">
          <input type="checkbox" checked={quiz} onChange={(event) => setQuiz(event.currentTarget.checked)} /> {t.posts.quizMode}
        </label>
        {quiz && (
          <fieldset class="quiz-answer">
            <legend>{t.posts.correctAnswer}</legend>
            {options.map((option, i) => (
              <label key={i} class="check">
                <input type="radio" name="quiz-correct" checked={correct === i} onChange={() => setCorrect(i)} /> {option.trim() || t.posts.option(i + 1)}
              </label>
            ))}
            <label>
              {t.posts.explanation}
              <input value={explanation} maxLength={200} onInput={(event) => setExplanation(event.currentTarget.value)} />
            </label>
          </fieldset>
        )}
        {!quiz && (
          <label class="check">
            <input type="checkbox" checked={multipleChoice} onChange={(event) => setMultipleChoice(event.currentTarget.checked)} /> {t.posts.multipleChoice}
          </label>
        )}
        <label class="check">
          <input type="checkbox" checked={anonymous} onChange={(event) => setAnonymous(event.currentTarget.checked)} /> {t.posts.anonymous}
        </label>
        <FormFooter error={error} dismiss={t.settings.cancel} onDismiss={onClose}>
          <button type="submit" class="primary" disabled={busy}>
            {t.posts.createPoll}
          </button>
        </FormFooter>
      </form>
    </Dialog>
  );
}
