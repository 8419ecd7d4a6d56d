// API discovery bodies (/apis and /apis/kubeopencode.io/v1alpha1): how a client tells whether kubeopencode's
// CRDs are installed. Without them the group is simply absent, as on a real cluster.
import { API_VERSION, GROUP, VERSION } from './objects';

const groupVersion = (group: string, version: string) => ({ groupVersion: `${group}/${version}`, version });

export function apiGroupList(crdsInstalled: boolean): unknown {
  const groups = [{ name: 'apps', versions: [groupVersion('apps', 'v1')], preferredVersion: groupVersion('apps', 'v1') }];
  if (crdsInstalled) groups.push({ name: GROUP, versions: [groupVersion(GROUP, VERSION)], preferredVersion: groupVersion(GROUP, VERSION) });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

const VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

export function kubeopencodeResources(): unknown {
  const resource = (name: string, singularName: string, kind: string) => ({
    name,
    singularName,
    namespaced: true,
    kind,
    verbs: VERBS,
    storageVersionHash: '',
  });
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: API_VERSION,
    resources: [resource('agents', 'agent', 'Agent'), resource('tasks', 'task', 'Task')],
  };
}
