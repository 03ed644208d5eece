/**
 * CloudWatch embedded metric format (EMF): fields that turn a structured log line into a metric as well, so a
 * counted event costs one log line and no extra library or API call. The dimensions must be top-level fields of
 * the same line; `service` is already there in every Powertools Logger line.
 */
export const METRICS_NAMESPACE = 'Shengming';

export function countMetricFields(name: string, dimensions: Readonly<Record<string, string>>, at: Date, count = 1): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [['service', ...Object.keys(dimensions)]], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    ...dimensions,
    [name]: count,
  };
}
