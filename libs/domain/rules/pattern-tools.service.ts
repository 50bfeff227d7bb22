import { Injectable } from '@nestjs/common';
import {
  explainMatch,
  InvalidEventError,
  InvalidEventPatternError,
  parsePattern,
  testEventPattern,
} from '#libs/event-pattern';
import { DomainError, invalid } from '../common/index.js';
import { RulesService } from './rules.service.js';

export interface RuleExplanation {
  rule: string;
  state: string;
  matched: boolean;
  /** For a miss: the first field path and operator that failed, and why. */
  path?: string;
  operator?: string;
  reason?: string;
}

const asText = (v: string | object): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** TestEventPattern, and "explain": why each rule of a bus did or did not match an event. */
@Injectable()
export class PatternToolsService {
  constructor(private readonly rules: RulesService) {}

  test(eventPattern: string | object, event: string | object): boolean {
    return translate(() => testEventPattern(asText(eventPattern), asText(event)));
  }

  async explain(accountId: string, busName: string, event: string | object): Promise<RuleExplanation[]> {
    const eventJson = asText(event);
    try {
      JSON.parse(eventJson);
    } catch {
      throw invalid('event must be a JSON object.');
    }
    const rules = await this.rules.list(accountId, busName);
    return rules.map((r) => {
      const explanation = translate(() => explainMatch(parsePattern(r.eventPattern), eventJson));
      return explanation.matched
        ? { rule: r.name, state: r.state, matched: true }
        : {
            rule: r.name,
            state: r.state,
            matched: false,
            path: explanation.path,
            operator: explanation.operator,
            reason: explanation.reason,
          };
    });
  }
}

function translate<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof InvalidEventPatternError)
      throw new DomainError('InvalidEventPatternException', err.message);
    if (err instanceof InvalidEventError) throw invalid(err.message);
    throw err;
  }
}
