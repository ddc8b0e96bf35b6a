/**
 * The yardstick wizard of issue 8: a registration wizard small enough to
 * read and explosive enough to measure path generation on. Choose methods
 * one by one (each set up with a code that can be wrong), until `required`
 * are done, then review. Every event is offered in every state, as
 * `xstate/graph` does by default, so both sides walk the same graph.
 *
 * With `required: 1` it has 45 reachable states and 265,904 simple paths to
 * final states; with `required: 2`, 231 states and some 1.4 billion.
 */
import { assign, setup } from 'xstate';

export const YARDSTICK_METHODS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export type YardstickMethod = (typeof YARDSTICK_METHODS)[number];

export interface YardstickContext {
  done: YardstickMethod[];
  current: YardstickMethod | null;
  required: number;
}

export type YardstickEvent =
  | { type: 'PICK'; method: YardstickMethod }
  | { type: 'CODE_OK' } | { type: 'CODE_BAD' } | { type: 'RETRY' }
  | { type: 'BACK' } | { type: 'CANCEL' } | { type: 'SKIP' } | { type: 'DONE' };

/** Every event, offered in every state. */
export const YARDSTICK_EVENTS: YardstickEvent[] = [
  ...YARDSTICK_METHODS.map((method) => ({ type: 'PICK', method }) as const),
  { type: 'CODE_OK' }, { type: 'CODE_BAD' }, { type: 'RETRY' }, { type: 'BACK' }, { type: 'CANCEL' }, { type: 'SKIP' }, { type: 'DONE' },
];

export const yardstickMachine = setup({
  types: {
    context: {} as YardstickContext,
    events: {} as YardstickEvent,
    input: {} as { required: number },
  },
  guards: {
    enoughDone: ({ context }) => context.done.length >= context.required,
    notDoneYet: ({ context, event }) => event.type === 'PICK' && !context.done.includes(event.method),
  },
  actions: {
    pick: assign({ current: ({ event }) => (event.type === 'PICK' ? event.method : null) }),
    record: assign(({ context }) => ({ done: [...context.done, context.current!].sort(), current: null })),
  },
}).createMachine({
  id: 'yardstick',
  context: ({ input }) => ({ done: [], current: null, required: input.required }),
  initial: 'choose',
  states: {
    choose: {
      always: { guard: 'enoughDone', target: 'review' },
      on: {
        PICK: { guard: 'notDoneYet', target: 'setup', actions: 'pick' },
        CANCEL: 'canceled',
        SKIP: 'skipped',
      },
    },
    setup: {
      initial: 'enter',
      states: {
        enter: { on: { CODE_OK: '#yardstick.recorded', CODE_BAD: 'wrong' } },
        wrong: { on: { RETRY: 'enter' } },
      },
      on: { BACK: 'choose', CANCEL: 'canceled' },
    },
    recorded: { entry: 'record', always: 'choose' },
    review: { on: { DONE: 'done', BACK: 'choose' } },
    done: { type: 'final' },
    canceled: { type: 'final' },
    skipped: { type: 'final' },
  },
});
