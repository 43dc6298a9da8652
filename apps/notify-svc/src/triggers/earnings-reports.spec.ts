import { latestPeriods } from './earnings-reports';

describe('latestPeriods (UTC)', () => {
  it('on a Monday just after midnight: yesterday, the week Mon–Sun, last month', () => {
    const [daily, weekly, monthly] = latestPeriods(new Date('2040-02-27T00:05:00Z'));
    expect(daily).toMatchObject({ from: '2040-02-26', to: '2040-02-27' });
    expect(weekly).toMatchObject({
      from: '2040-02-20',
      to: '2040-02-27',
      previousFrom: '2040-02-13',
    });
    expect(monthly).toMatchObject({ from: '2040-01-01', to: '2040-02-01' });
  });

  it('within the grace minute after midnight the day before is still the latest', () => {
    const [daily] = latestPeriods(new Date('2040-02-27T00:00:30Z'));
    expect(daily).toMatchObject({ from: '2040-02-25', to: '2040-02-26' });
  });

  it('mid-week the latest week is the one that ended last Sunday; January closes on Feb 1', () => {
    const [, weekly, monthly] = latestPeriods(new Date('2040-03-01T12:00:00Z'));
    expect(weekly).toMatchObject({ from: '2040-02-20', to: '2040-02-27' });
    expect(monthly).toMatchObject({ from: '2040-02-01', to: '2040-03-01' });
    const [, , january] = latestPeriods(new Date('2040-01-01T00:02:00Z'));
    expect(january).toMatchObject({ from: '2039-12-01', to: '2040-01-01' });
  });
});
