package org.medsoc.playbook;

import java.util.ArrayList;
import java.util.List;
import org.medsoc.spi.event.TenantId;

/** A firewall that keeps its block list in memory and records every call. */
final class RecordingFirewall implements FirewallPort {
    record Call(String action, String address, String idempotencyKey) {}

    private final List<Call> calls = new ArrayList<>();
    private final List<String> blocked = new ArrayList<>();

    @Override
    public String target() {
        return "fw-test";
    }

    @Override
    public synchronized ActionResult block(TenantId tenant, BlockRequest request) {
        calls.add(new Call("block", request.address(), request.idempotencyKey()));
        if (!blocked.contains(request.address())) {
            blocked.add(request.address());
        }
        return ActionResult.done(java.util.Map.of("rule", "deny-" + request.address()));
    }

    @Override
    public synchronized ActionResult unblock(TenantId tenant, String address, String idempotencyKey) {
        calls.add(new Call("unblock", address, idempotencyKey));
        blocked.remove(address);
        return ActionResult.done(java.util.Map.of());
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<String> blocked() {
        return List.copyOf(blocked);
    }
}
