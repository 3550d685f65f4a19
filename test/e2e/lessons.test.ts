import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readLessonFiles } from '../../src/cli/lesson-files';
import { lessonCatalog } from '../../src/lessons/course';
import type { Lesson } from '../../src/lessons/types';
import { browsing, canBrowse, requireBrowser, SHOTS } from './support/suite';

/*
 * The lessons in Debian's Chromium: every lesson of lessons/ opens from its URL and plays through
 * to the exercise with the keyboard and the buttons, answering each question (the answer read from
 * the parsed lesson here), the diagram on each step's message; the teacher's view, a link to a
 * step, a wrong answer, a lesson that does not exist, and predict mode in the lab.
 */

requireBrowser();

const lessons: Lesson[] = lessonCatalog(readLessonFiles()).flatMap((e) => (e.result.ok ? [e.result.lesson] : []));
const withQuestion = lessons.find((l) => l.steps.some((s) => s.question?.choices.some((c) => !c.correct)));

/** A lesson with a question that has a wrong choice, and that step's number. */
function quizStep(): { lesson: Lesson; n: number } {
  if (!withQuestion) throw new Error('no lesson in lessons/ asks a question with a wrong choice');
  return { lesson: withQuestion, n: withQuestion.steps.findIndex((s) => s.question?.choices.some((c) => !c.correct)) + 1 };
}

describe.skipIf(!canBrowse)('lessons in Chromium', () => {
  const b = browsing();

  const stepHeading = (page: Page) => page.locator('#lesson-step-title');
  const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true });

  async function expectStep(page: Page, lesson: Lesson, n: number, rest = ''): Promise<void> {
    const step = lesson.steps[n - 1]!;
    await expect.poll(() => stepHeading(page).textContent()).toBe(`${n}. ${step.title}`);
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe(String(step.packet - 1));
    expect(page.url()).toMatch(new RegExp(`#/lesson/${lesson.id}\\?step=${n}${rest}$`));
  }

  async function answer(page: Page, lesson: Lesson, n: number): Promise<void> {
    const q = lesson.steps[n - 1]!.question!;
    expect(await next(page).isDisabled()).toBe(true);
    const right = q.choices.findIndex((c) => c.correct);
    await page.getByRole('radio', { name: q.choices[right]!.text, exact: true }).check();
    await page.getByRole('button', { name: 'Check the answer' }).click();
    await page.getByText('Right.', { exact: true }).waitFor();
  }

  it('finds lessons to play', () => {
    expect(lessons.length, 'no lessons in lessons/').toBeGreaterThan(0);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s opens from its URL and plays through to the exercise', async (id, lesson) => {
    const page = b.page;
    await page.goto(`${b.url}#/lesson/${id}`);
    await page.getByRole('heading', { name: lesson.title }).waitFor();
    await expect.poll(() => stepHeading(page).textContent()).toBe('Introduction');
    if (id === withQuestion?.id) await page.screenshot({ path: `${SHOTS}lesson-${id}-intro.png` });
    for (let n = 1; n <= lesson.steps.length; n++) {
      // Odd steps by the keyboard, even ones by the button.
      if (n % 2 === 1) {
        await b.lab.blur();
        await page.keyboard.press('ArrowRight');
      } else await next(page).click();
      await expectStep(page, lesson, n);
      if (lesson.steps[n - 1]!.question) {
        await answer(page, lesson, n);
        if (id === withQuestion?.id) await page.screenshot({ path: `${SHOTS}lesson-${id}-question.png` });
      }
    }
    await next(page).click();
    await expect.poll(() => stepHeading(page).textContent()).toBe('Exercise');
    expect(await next(page).isDisabled()).toBe(true);
    const open = page.getByRole('link', { name: 'Open the lab for the exercise' });
    expect(await open.getAttribute('href')).toMatch(/^#\/lab\?v=1&s=/);
    await page.screenshot({ path: `${SHOTS}lesson-${id}-exercise.png` });
    await open.click();
    await b.lab.arrows().first().waitFor();
    expect(page.url()).toMatch(/#\/lab\?v=1&s=/);
  });

  it('opens a step from its link, says when an answer is wrong, and lets the learner reveal it', async () => {
    const { lesson, n } = quizStep();
    const q = lesson.steps[n - 1]!.question!;
    const page = b.page;
    await page.goto(`${b.url}#/lesson/${lesson.id}?step=${n}`);
    await expectStep(page, lesson, n);
    await page.getByRole('radio', { name: q.choices.find((c) => !c.correct)!.text, exact: true }).check();
    await page.getByRole('button', { name: 'Check the answer' }).click();
    await page.getByText('Not quite. Try again, or show the answer.').waitFor();
    expect(await next(page).isDisabled()).toBe(true);
    await page.screenshot({ path: `${SHOTS}lesson-wrong-answer.png` });
    await page.getByRole('button', { name: 'Show the answer' }).click();
    await page.getByText('correct answer', { exact: true }).waitFor();
    expect(await next(page).isDisabled()).toBe(false);
    await page.reload();
    await expectStep(page, lesson, n);
  });

  it('shows the answers and explanations at once in the teacher’s view', async () => {
    const { lesson, n } = quizStep();
    const q = lesson.steps[n - 1]!.question!;
    const page = b.page;
    await page.goto(`${b.url}#/lesson/${lesson.id}?step=${n}&answers=show`);
    await expectStep(page, lesson, n, '&answers=show');
    const marked = page.locator('.question label.correct');
    expect((await marked.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(q.choices.filter((c) => c.correct).map((c) => `${c.text} correct answer`));
    if (q.explanation) await page.getByText(q.explanation).waitFor();
    expect(await page.getByRole('button', { name: 'Check the answer' }).count()).toBe(0);
    expect(await next(page).isDisabled()).toBe(false);
    await page.screenshot({ path: `${SHOTS}lesson-teacher.png` });
  });

  it('says clearly that a lesson does not exist, and links to the others', async () => {
    const page = b.page;
    await page.goto(`${b.url}#/lesson/no-such-lesson`);
    await page.getByRole('alert').getByRole('heading', { name: 'There is no lesson “no-such-lesson”.' }).waitFor();
    expect(await page.getByRole('alert').getByRole('link').count()).toBe(lessons.length + 2);
    await page.screenshot({ path: `${SHOTS}lesson-missing.png` });
  });

  it('lists the lessons on the home page', async () => {
    const page = b.page;
    await page.goto(b.url);
    const section = page.getByRole('region', { name: 'Lessons' });
    for (const l of lessons) await section.getByRole('link', { name: new RegExp(l.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}lesson-index.png` });
  });

  it('asks for the next message in predict mode before drawing it, and keeps the score', async () => {
    const page = b.page;
    await page.goto(`${b.url}#/lab?v=1&s=pmipv6-attach`);
    await b.lab.arrows().first().waitFor();
    await page.getByRole('button', { name: 'Predict the next message' }).click();
    expect(await page.getByRole('button', { name: 'Step forward' }).isDisabled()).toBe(true);
    await b.lab.blur();
    await page.keyboard.press('ArrowRight');
    expect(await b.lab.current().getAttribute('data-index')).toBe('0');
    const form = page.getByRole('form', { name: 'Your prediction of the next message' });
    // Message 2 is the AAA's Access-Accept to MAG1.
    await form.getByLabel('From').selectOption({ label: 'AAA (RADIUS)' });
    await form.getByLabel('To').selectOption({ label: 'MAG1 (PMA)' });
    await form.getByLabel('Message').selectOption('Access-Accept');
    await form.getByRole('button', { name: 'Check and draw it' }).click();
    await page.getByText('Right: it was 2. AAA (RADIUS) → MAG1 (PMA): Access-Accept.').waitFor();
    await expect.poll(() => b.lab.current().getAttribute('data-index')).toBe('1');
    await form.getByLabel('Message').selectOption('Proxy Binding Update');
    await form.getByRole('button', { name: 'Check and draw it' }).click();
    // The selections stay: AAA → MAG1 this time has the receiver right.
    await page.getByText(/^Not quite: it was 3\. MN → MAG1 \(PMA\): Router Solicitation\.\s+\(sender, message wrong\)$/).waitFor();
    await page.getByText('1 of 2 right').waitFor();
    await page.screenshot({ path: `${SHOTS}predict-mode.png` });
  });
});
