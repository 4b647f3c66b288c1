import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Decision } from './decision.js';
import {
  commentStatus,
  decideFeedback,
  decideModeration,
  healthClaimTerms,
  publicServiceRatings,
  screenComment,
  validateFeedback,
  type ServiceFeedback,
} from './feedback.js';
import { ORDER_STATES } from './orders.js';

const codes = (decision: Decision) => decision.reasons.map((item) => item.code);

let sequence = 0;
function feedback(overrides: Partial<ServiceFeedback> = {}): ServiceFeedback {
  sequence += 1;
  return {
    id: `feedback-${sequence}`,
    orderId: `order-${sequence}`,
    pharmacyId: 'pharmacy-1',
    ratings: { delivery: 5, packaging: 4, support: 3 },
    comment: null,
    submittedOn: '2025-03-20',
    moderations: [],
    ...overrides,
  };
}

describe('may the patient rate the order', () => {
  test('only once it was delivered', () => {
    for (const state of ORDER_STATES) {
      const decision = decideFeedback(state, null);
      assert.equal(decision.allowed, state === 'delivered', state);
      if (state !== 'delivered') {
        assert.deepEqual(codes(decision), ['ORDER_NOT_DELIVERED']);
        assert.ok(decision.reasons[0]?.action.length);
      }
    }
  });

  test('only once per order', () => {
    assert.deepEqual(codes(decideFeedback('delivered', { submittedOn: '2025-03-20' })), ['FEEDBACK_ALREADY_GIVEN']);
    assert.match(decideFeedback('delivered', { submittedOn: '2025-03-20' }).reasons[0]?.message ?? '', /2025-03-20/);
  });
});

describe('the ratings and the comment', () => {
  test('each rating a whole number from 1 to 5', () => {
    assert.deepEqual(validateFeedback({ delivery: 1, packaging: 5, support: 3 }), []);
    const problems = validateFeedback({ delivery: 0, packaging: 6, support: 2.5 });
    assert.deepEqual(
      problems.map((problem) => [problem.field, problem.code]),
      [
        ['delivery', 'RATING_OUT_OF_RANGE'],
        ['packaging', 'RATING_OUT_OF_RANGE'],
        ['support', 'RATING_OUT_OF_RANGE'],
      ],
    );
  });

  test('the comment is optional, not blank, at most 1000 characters (counted as a person counts them)', () => {
    const ratings = { delivery: 4, packaging: 4, support: 4 };
    assert.deepEqual(validateFeedback({ ...ratings, comment: null }), []);
    assert.deepEqual(validateFeedback({ ...ratings, comment: 'x'.repeat(1000) }), []);
    assert.deepEqual(validateFeedback({ ...ratings, comment: '📦'.repeat(1000) }), []);
    assert.deepEqual(
      validateFeedback({ ...ratings, comment: 'x'.repeat(1001) }).map((problem) => problem.code),
      ['COMMENT_TOO_LONG'],
    );
    assert.deepEqual(
      validateFeedback({ ...ratings, comment: '   ' }).map((problem) => problem.code),
      ['COMMENT_BLANK'],
    );
  });
});

describe('the claim screen', () => {
  test('claims about what the medicine did are flagged, whatever the case and ending', () => {
    for (const comment of [
      'My acne cleared in two months',
      'It WORKED, skin is great',
      'Bad side effects, dry lips all the time',
      'I was a bit depressed on it',
      'Not pregnant, all good',
      'They changed my dose',
      'Side-effects were mild',
      'No more breakouts!',
    ]) {
      assert.ok(healthClaimTerms(comment).length > 0, comment);
      assert.deepEqual(
        screenComment(comment).map((warning) => warning.code),
        ['COMMENT_HEALTH_CLAIM'],
        comment,
      );
    }
    assert.deepEqual(healthClaimTerms('My acne cleared'), ['acne', 'cleared']);
  });

  test('comments about the service alone pass', () => {
    for (const comment of [
      'Fast delivery, discreet packaging, friendly support on the phone.',
      'The parcel came a day late but the team called me.',
      'Scarf-like padding in the box, nice touch. Working hours are short.',
      'Great service!',
    ]) {
      assert.deepEqual(screenComment(comment), [], comment);
    }
  });

  test('personal data is flagged too: an email, a phone number, an identifier', () => {
    for (const comment of ['Write to me at ada@example.com', 'Call 617-555-0123 anytime', 'My id is AB12CD34EF']) {
      assert.deepEqual(
        screenComment(comment).map((warning) => warning.code),
        ['COMMENT_PERSONAL_DATA'],
        comment,
      );
    }
  });
});

describe('moderation', () => {
  test('a flagged comment cannot be published, only rejected', () => {
    const flagged = feedback({ comment: 'my acne cleared' });
    assert.deepEqual(codes(decideModeration(flagged, 'published')), ['COMMENT_HEALTH_CLAIM_NOT_PUBLISHABLE']);
    assert.equal(decideModeration(flagged, 'rejected').allowed, true);
  });

  test('a clean comment can be published or rejected; ratings alone have nothing to moderate', () => {
    const clean = feedback({ comment: 'Quick and friendly' });
    assert.equal(decideModeration(clean, 'published').allowed, true);
    assert.equal(decideModeration(clean, 'rejected').allowed, true);
    assert.deepEqual(codes(decideModeration(feedback(), 'published')), ['NO_COMMENT_TO_MODERATE']);
    const published = feedback({ comment: 'Quick and friendly', moderations: [{ decision: 'published', reason: null, decidedOn: '2025-03-21' }] });
    assert.deepEqual(codes(decideModeration(published, 'published')), ['COMMENT_ALREADY_PUBLISHED']);
    assert.equal(decideModeration(published, 'rejected').allowed, true, 'withdrawn by a rejection');
  });

  test('the latest decision wins', () => {
    assert.equal(commentStatus(feedback()).status, 'noComment');
    assert.equal(commentStatus(feedback({ comment: 'Fine' })).status, 'awaitingModeration');
    const published = { decision: 'published' as const, reason: null, decidedOn: '2025-03-21' };
    const rejected = { decision: 'rejected' as const, reason: 'Names a staff member', decidedOn: '2025-03-22' };
    assert.equal(commentStatus(feedback({ comment: 'Fine', moderations: [published, rejected] })).status, 'rejected');
    assert.equal(commentStatus(feedback({ comment: 'Fine', moderations: [rejected, published] })).status, 'published');
  });
});

describe('what the public sees', () => {
  test('averages of every submitted rating (one decimal) and counts, moderated or not', () => {
    const summary = publicServiceRatings([
      feedback({ ratings: { delivery: 5, packaging: 4, support: 1 } }),
      feedback({ ratings: { delivery: 4, packaging: 4, support: 2 }, comment: 'Awaiting a decision' }),
      feedback({
        ratings: { delivery: 4, packaging: 3, support: 2 },
        comment: 'Rejected',
        moderations: [{ decision: 'rejected', reason: 'x', decidedOn: '2025-03-21' }],
      }),
    ]);
    assert.deepEqual(summary.ratings, {
      delivery: { average: 4.3, count: 3 },
      packaging: { average: 3.7, count: 3 },
      support: { average: 1.7, count: 3 },
    });
    assert.deepEqual(summary.comments, []);
    assert.deepEqual(publicServiceRatings([]).ratings.delivery, { average: null, count: 0 });
  });

  test('published comments only, newest first, with the month and the ratings — nothing else', () => {
    const published = [{ decision: 'published' as const, reason: null, decidedOn: '2025-04-02' }];
    const summary = publicServiceRatings([
      feedback({ comment: 'Older', submittedOn: '2025-02-27', moderations: published }),
      feedback({ comment: 'Newer', submittedOn: '2025-04-01', moderations: published }),
      feedback({ comment: 'Never decided' }),
    ]);
    assert.deepEqual(summary.comments, [
      { text: 'Newer', month: '2025-04', ratings: { delivery: 5, packaging: 4, support: 3 } },
      { text: 'Older', month: '2025-02', ratings: { delivery: 5, packaging: 4, support: 3 } },
    ]);
  });

  test('a published comment the screen flags now (the list grew since) is not shown', () => {
    const summary = publicServiceRatings([
      feedback({ comment: 'My skin is clear', moderations: [{ decision: 'published', reason: null, decidedOn: '2025-04-02' }] }),
    ]);
    assert.deepEqual(summary.comments, []);
    assert.equal(summary.ratings.delivery.count, 1);
  });
});
