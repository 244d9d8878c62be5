#!/usr/bin/env python3
"""Extract what the fake Chime SDK services need from the published service models.

The fakes in src/testing/fakes/ validate requests and answer errors exactly as the service model
says. Users of the fakes do not have botocore, so this script copies the relevant, trimmed part of
botocore's copy of the models into committed TypeScript data files:

  src/testing/fakes/models/meetings-model.generated.ts
  src/testing/fakes/models/voice-model.generated.ts

Per operation it keeps the HTTP method, the URI template (path and literal query), the success
status code, the input shape and the error names. Of shapes it keeps only those reachable from the
inputs, with the constraints a server checks (required members, member locations, min/max,
pattern, enum). Of errors it keeps the HTTP status code, the fault side and header-bound members.

Usage:
  python3 scripts/generate-fake-service-models.py            # rewrite the files
  python3 scripts/generate-fake-service-models.py --check    # exit 1 if they are out of date
  python3 scripts/generate-fake-service-models.py --botocore-data DIR
"""

import argparse
import gzip
import json
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT_DIR = os.path.join(REPO_ROOT, 'src', 'testing', 'fakes', 'models')

SERVICES = [
    {
        'service': 'chime-sdk-meetings',
        'constant': 'MEETINGS_MODEL',
        'file': 'meetings-model.generated.ts',
        'operations': [
            'CreateMeeting', 'CreateMeetingWithAttendees', 'GetMeeting', 'DeleteMeeting',
            'CreateAttendee', 'BatchCreateAttendee', 'GetAttendee', 'ListAttendees', 'DeleteAttendee',
        ],
    },
    {
        'service': 'chime-sdk-voice',
        'constant': 'VOICE_MODEL',
        'file': 'voice-model.generated.ts',
        'operations': [
            'CreateSipMediaApplicationCall', 'UpdateSipMediaApplicationCall',
            'SearchAvailablePhoneNumbers', 'CreatePhoneNumberOrder', 'GetPhoneNumberOrder', 'ListPhoneNumberOrders',
            'GetPhoneNumber', 'ListPhoneNumbers', 'UpdatePhoneNumber', 'DeletePhoneNumber',
            'CreateSipRule', 'GetSipRule', 'ListSipRules', 'UpdateSipRule', 'DeleteSipRule',
            'CreateSipMediaApplication', 'GetSipMediaApplication', 'ListSipMediaApplications',
            'UpdateSipMediaApplication', 'DeleteSipMediaApplication',
        ],
    },
]

# The `Code` member the Chime services put in error bodies. Most are the exception name without
# "Exception"; these are the ones whose code the voice ErrorCode enum spells differently.
ERROR_CODE_OVERRIDES = {
    'ThrottledClientException': 'Throttled',
    'UnauthorizedClientException': 'Unauthorized',
    'UnprocessableEntityException': 'Unprocessable',
}

SHAPE_CONSTRAINTS = ('min', 'max', 'pattern', 'enum')
MEMBER_BINDINGS = ('location', 'locationName', 'idempotencyToken')


def default_botocore_data_dir():
    try:
        import botocore  # noqa: PLC0415 - only needed when no directory is given
    except ImportError:
        sys.exit('botocore is not installed: pass --botocore-data DIR')
    return os.path.join(os.path.dirname(botocore.__file__), 'data')


def botocore_version():
    try:
        import botocore  # noqa: PLC0415
        return botocore.__version__
    except ImportError:
        return 'unknown'


def load_service_model(data_dir, service):
    service_dir = os.path.join(data_dir, service)
    version = sorted(os.listdir(service_dir))[-1]
    for name, opener in (('service-2.json', open), ('service-2.json.gz', gzip.open)):
        path = os.path.join(service_dir, version, name)
        if os.path.exists(path):
            with opener(path, 'rt', encoding='utf-8') as handle:
                return json.load(handle), f'{service}/{version}/{name}'
    sys.exit(f'no service-2.json for {service} in {service_dir}/{version}')


def split_request_uri(request_uri):
    path, _, query = request_uri.partition('?')
    literal_query = {}
    for pair in filter(None, query.split('&')):
        key, _, value = pair.partition('=')
        literal_query[key] = value
    return path, literal_query


def trim_shape(shape):
    kind = shape['type']
    trimmed = {'type': kind}
    for key in SHAPE_CONSTRAINTS:
        if key in shape:
            trimmed[key] = shape[key]
    if kind == 'structure':
        trimmed['members'] = {
            name: {key: member[key] for key in ('shape',) + MEMBER_BINDINGS if key in member}
            for name, member in shape['members'].items()
        }
        if shape.get('required'):
            trimmed['required'] = list(shape['required'])
    elif kind == 'list':
        trimmed['member'] = shape['member']['shape']
    elif kind == 'map':
        trimmed['key'] = shape['key']['shape']
        trimmed['value'] = shape['value']['shape']
    return trimmed


def referenced_shapes(shape):
    kind = shape['type']
    if kind == 'structure':
        return [member['shape'] for member in shape['members'].values()]
    if kind == 'list':
        return [shape['member']['shape']]
    if kind == 'map':
        return [shape['key']['shape'], shape['value']['shape']]
    return []


def collect_input_shapes(model, root_names):
    shapes = {}
    pending = list(root_names)
    while pending:
        name = pending.pop()
        if name in shapes:
            continue
        shape = model['shapes'][name]
        shapes[name] = trim_shape(shape)
        pending.extend(referenced_shapes(shape))
    return dict(sorted(shapes.items()))


def error_entry(name, shape):
    entry = {
        'httpStatusCode': shape['error']['httpStatusCode'],
        'fault': 'server' if shape.get('fault') else 'client',
        'code': ERROR_CODE_OVERRIDES.get(name, name[:-len('Exception')] if name.endswith('Exception') else name),
    }
    header_members = {
        member_name: member['locationName']
        for member_name, member in shape.get('members', {}).items()
        if member.get('location') == 'header'
    }
    if header_members:
        entry['headerMembers'] = header_members
    return entry


def extract(model, operation_names):
    operations = {}
    error_names = set()
    input_roots = []
    for name in operation_names:
        operation = model['operations'][name]
        path, literal_query = split_request_uri(operation['http']['requestUri'])
        entry = {
            'method': operation['http']['method'],
            'path': path,
            'query': literal_query,
            'responseCode': operation['http'].get('responseCode', 200),
        }
        if 'input' in operation:
            entry['input'] = operation['input']['shape']
            input_roots.append(entry['input'])
        entry['errors'] = [error['shape'] for error in operation.get('errors', [])]
        operations[name] = entry
        error_names.update(entry['errors'])
    errors = {name: error_entry(name, model['shapes'][name]) for name in sorted(error_names)}
    return {
        'serviceId': model['metadata']['serviceId'],
        'apiVersion': model['metadata']['apiVersion'],
        'operations': operations,
        'shapes': collect_input_shapes(model, input_roots),
        'errors': errors,
    }


def render(spec, extracted, source):
    body = json.dumps(extracted, indent=2, sort_keys=False)
    return (
        f'// Generated by scripts/generate-fake-service-models.py from botocore {botocore_version()} '
        f'data/{source}.\n'
        '// Do not edit: run `python3 scripts/generate-fake-service-models.py` instead.\n'
        "import type { ServiceModel } from '../service-model';\n"
        '\n'
        f'/** The parts of the {extracted["serviceId"]} service model ({extracted["apiVersion"]}) that the fake serves and checks. */\n'
        f'export const {spec["constant"]}: ServiceModel = {body};\n'
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--botocore-data', help='botocore data directory (default: the installed botocore)')
    parser.add_argument('--check', action='store_true', help='fail if a generated file is out of date')
    args = parser.parse_args()

    data_dir = args.botocore_data or default_botocore_data_dir()
    stale = []
    for spec in SERVICES:
        model, source = load_service_model(data_dir, spec['service'])
        text = render(spec, extract(model, spec['operations']), source)
        target = os.path.join(OUTPUT_DIR, spec['file'])
        current = open(target, encoding='utf-8').read() if os.path.exists(target) else None
        if args.check:
            # The header names the botocore version; only the data decides whether a file is stale.
            if current is None or current.split('\n', 1)[1] != text.split('\n', 1)[1]:
                stale.append(target)
        elif current != text:
            with open(target, 'w', encoding='utf-8') as handle:
                handle.write(text)
            print(f'wrote {os.path.relpath(target, REPO_ROOT)}')
    if stale:
        sys.exit('out of date: ' + ', '.join(os.path.relpath(path, REPO_ROOT) for path in stale))


if __name__ == '__main__':
    main()
