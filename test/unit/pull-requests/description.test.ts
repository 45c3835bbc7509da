import {
  relatedSectionEnd,
  relatedSectionStart,
  renderRelatedSection,
  replaceRelatedSection,
} from '../../../src/pull-requests/description';

const pullRequests = [
  { repository: 'acme/infra', number: 12, url: 'https://github.com/acme/infra/pull/12' },
  { repository: 'acme/backend', number: 40, url: 'https://github.com/acme/backend/pull/40' },
  { repository: 'acme/web' },
];

const section = renderRelatedSection({
  taskTitle: 'Add email verification',
  linearIssue: { identifier: 'ENG-123', url: 'https://linear.app/acme/issue/ENG-123' },
  repository: 'acme/backend',
  pullRequests,
  mergeOrder: ['acme/infra', 'acme/backend', 'acme/web'],
  mergeAfter: ['acme/infra'],
});

describe('renderRelatedSection', () => {
  test('names the merge prerequisites', () => {
    expect(section).toContain(
      '**Merge after [acme/infra#12](https://github.com/acme/infra/pull/12).**',
    );
  });

  test('lists the merge order', () => {
    expect(section).toContain('1. [acme/infra#12](https://github.com/acme/infra/pull/12)\n');
    expect(section).toContain(
      '2. [acme/backend#40](https://github.com/acme/backend/pull/40) (this pull request)\n',
    );
    expect(section).toContain('3. acme/web (not opened yet)\n');
  });

  test('names the task and issue', () => {
    expect(section).toContain('“Add email verification”');
    expect(section).toContain('[ENG-123](https://linear.app/acme/issue/ENG-123)');
  });

  test('first repository merges freely', () => {
    const first = renderRelatedSection({
      taskTitle: 'T',
      repository: 'acme/infra',
      pullRequests,
      mergeOrder: ['acme/infra', 'acme/backend'],
      mergeAfter: [],
    });
    expect(first).toContain('Nothing needs to merge before this pull request.');
  });

  test('is wrapped in markers', () => {
    expect(section.startsWith(relatedSectionStart)).toBe(true);
    expect(section.endsWith(relatedSectionEnd)).toBe(true);
  });
});

describe('replaceRelatedSection', () => {
  test('appends to a body without one', () => {
    expect(replaceRelatedSection('Intro\n\n', section)).toBe(`Intro\n\n${section}`);
    expect(replaceRelatedSection(null, section)).toBe(section);
  });

  test('replaces only the section', () => {
    const body = `Intro\n\n${relatedSectionStart}\nold\n${relatedSectionEnd}\n\nFooter`;
    expect(replaceRelatedSection(body, 'NEW')).toBe('Intro\n\nNEW\n\nFooter');
  });

  test('second replacement is idempotent', () => {
    const once = replaceRelatedSection('Intro', section);
    expect(replaceRelatedSection(once, section)).toBe(once);
  });
});
