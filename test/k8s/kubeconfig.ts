// A kubeconfig for the stand-in, as the YAML a user would have in ~/.kube/config. Values are JSON-quoted,
// which YAML reads as plain strings, so names and tokens need no escaping rules of their own.
export interface KubeconfigParts {
  server: string;
  caData: string;
  token: string;
  context: string;
  namespace?: string;
}

export function kubeconfigYaml(parts: KubeconfigParts): string {
  const q = JSON.stringify;
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: stand-in',
    '  cluster:',
    `    server: ${q(parts.server)}`,
    `    certificate-authority-data: ${q(parts.caData)}`,
    'users:',
    '- name: stand-in-user',
    '  user:',
    `    token: ${q(parts.token)}`,
    'contexts:',
    `- name: ${q(parts.context)}`,
    '  context:',
    '    cluster: stand-in',
    '    user: stand-in-user',
    ...(parts.namespace ? [`    namespace: ${q(parts.namespace)}`] : []),
    `current-context: ${q(parts.context)}`,
    '',
  ];
  return lines.join('\n');
}
