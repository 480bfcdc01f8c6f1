import type { Endpoint } from './endpoints';

/** Something the draft could not decide: the question to answer and the profile field it fills. */
export interface Question {
  field: string;
  question: string;
  /** What the draft put there meanwhile, when it put something. */
  drafted?: string;
}

/** What drafting writes down as it goes: the questions for a person, and the decisions it took. */
export interface DraftNotes {
  questions: Question[];
  decisions: string[];
  ask(field: string, question: string, drafted?: unknown): void;
}

export function draftNotes(): DraftNotes {
  const questions: Question[] = [];
  return {
    questions,
    decisions: [],
    ask: (field, question, drafted) => {
      questions.push({ field, question, ...(drafted !== undefined ? { drafted: JSON.stringify(drafted) } : {}) });
    },
  };
}

/** An endpoint as the notes name it: `GET /path`. */
export function describe(endpoint: Endpoint): string {
  return `${endpoint.method} ${endpoint.path}`;
}
