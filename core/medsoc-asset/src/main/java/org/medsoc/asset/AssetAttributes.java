package org.medsoc.asset;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.medsoc.spi.error.MedsocException;

/**
 * The editable description of an asset — what a person or an import sets; identity, status, times and version
 * are kept by {@link Asset}. Text attributes are never null: an empty string means unknown. Addresses are held in
 * normal form (see {@link #ips()}), lists without duplicates in their given order. Build with {@link #builder}.
 *
 * @param kind what the asset is
 * @param name display name (an application name, a host name, or the device's label)
 * @param ips IP addresses: dotted IPv4 without leading zeros, compressed lowercase IPv6
 * @param macs MAC addresses as {@code aa:bb:cc:dd:ee:ff}
 * @param hostnames host names, lowercase
 * @param osName operating system ({@code Windows Server}, {@code CentOS})
 * @param osVersion operating system version ({@code 2012 R2}, {@code 7.9})
 * @param middleware middleware such as web and application servers
 * @param databases database products
 * @param frameworks open-source frameworks and libraries
 * @param vendor device vendor
 * @param model device model
 * @param firmware device firmware version
 * @param modality DICOM modality of a medical device ({@code CT}, {@code MR}, {@code US}, {@code DX}), uppercase
 * @param ruleLibraryVersion rule or signature library version of a security device
 * @param businessSystem the business system the asset serves: HIS, PACS, EMR, LIS, RIS, 集成平台, 网站, OA, …
 * @param owner the person responsible (责任人)
 * @param department the department (科室)
 * @param location where the asset is (building, room, rack)
 * @param criticality importance from 1 (low) to 4 (critical: patient care stops without it)
 * @param exposure services reachable from the internet
 * @param ports open ports a scanner saw
 * @param cpes CPE names of the software a scanner identified
 * @param tags free labels
 */
public record AssetAttributes(
        AssetKind kind,
        String name,
        List<String> ips,
        List<String> macs,
        List<String> hostnames,
        String osName,
        String osVersion,
        List<Software> middleware,
        List<Software> databases,
        List<Software> frameworks,
        String vendor,
        String model,
        String firmware,
        String modality,
        String ruleLibraryVersion,
        String businessSystem,
        String owner,
        String department,
        String location,
        int criticality,
        List<ExposedService> exposure,
        List<OpenPort> ports,
        List<String> cpes,
        List<String> tags) {
    /** The lowest criticality. */
    public static final int MIN_CRITICALITY = 1;
    /** The highest criticality. */
    public static final int MAX_CRITICALITY = 4;
    /** The criticality of an asset nobody has rated. */
    public static final int DEFAULT_CRITICALITY = 2;

    /**
     * Normalises and checks the values.
     *
     * @throws MedsocException with {@link AssetErrorCode#INVALID_ASSET} naming the bad value
     */
    public AssetAttributes {
        requireNonNull(kind, "kind is null");
        name = text(name, "name", 300);
        if (name.isEmpty()) {
            throw invalid("the name of an asset must not be blank");
        }
        ips = normal(ips, "ip");
        macs = normal(macs, "mac");
        hostnames = normal(hostnames, "hostname");
        osName = text(osName, "osName", 300);
        osVersion = text(osVersion, "osVersion", 300);
        middleware = distinct(middleware, "middleware");
        databases = distinct(databases, "databases");
        frameworks = distinct(frameworks, "frameworks");
        vendor = text(vendor, "vendor", 300);
        model = text(model, "model", 300);
        firmware = text(firmware, "firmware", 300);
        modality = text(modality, "modality", 32).toUpperCase(Locale.ROOT);
        ruleLibraryVersion = text(ruleLibraryVersion, "ruleLibraryVersion", 300);
        businessSystem = text(businessSystem, "businessSystem", 300);
        owner = text(owner, "owner", 300);
        department = text(department, "department", 300);
        location = text(location, "location", 300);
        if (criticality < MIN_CRITICALITY || criticality > MAX_CRITICALITY) {
            throw invalid("criticality must be 1 (low) to 4 (critical), was " + criticality);
        }
        exposure = distinct(exposure, "exposure");
        ports = distinct(ports, "ports");
        cpes = texts(cpes, "cpes");
        tags = texts(tags, "tags");
    }

    /** A builder of an asset of this kind and name with everything else unknown and criticality 2. */
    public static Builder builder(AssetKind kind, String name) {
        return new Builder(kind, name);
    }

    /** A builder starting from these attributes. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether any service is reachable from the internet. */
    public boolean exposed() {
        return !exposure.isEmpty();
    }

    private static MedsocException invalid(String message) {
        return new MedsocException(AssetErrorCode.INVALID_ASSET, message);
    }

    private static String text(String value, String what, int max) {
        requireNonNull(value, what + " is null");
        String v = value.strip();
        if (v.length() > max) {
            throw invalid(what + " is longer than " + max + " characters: '" + v.substring(0, 40) + "…'");
        }
        return v;
    }

    private static <T> List<T> distinct(List<T> values, String what) {
        requireNonNull(values, what + " is null");
        for (T v : values) {
            requireNonNull(v, what + " holds null");
        }
        return List.copyOf(new LinkedHashSet<>(values));
    }

    private static List<String> texts(List<String> values, String what) {
        requireNonNull(values, what + " is null");
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String v : values) {
            requireNonNull(v, what + " holds null");
            String s = v.strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> normal(List<String> values, String what) {
        requireNonNull(values, what + " list is null");
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String v : values) {
            requireNonNull(v, what + " list holds null");
            if (v.isBlank()) {
                continue;
            }
            @Nullable String n = switch (what) {
                case "ip" -> Addresses.normalIp(v);
                case "mac" -> Addresses.normalMac(v);
                default -> Addresses.normalHostname(v);
            };
            if (n == null) {
                throw invalid("'" + v.strip() + "' is not a valid " + switch (what) {
                    case "ip" -> "IP address (IPv4 such as 10.1.2.3 or IPv6)";
                    case "mac" -> "MAC address (six hexadecimal octets such as 00:1a:2b:3c:4d:5e)";
                    default -> "host name";
                });
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    /** Builds {@link AssetAttributes}; every setter replaces the value. Not thread-safe. */
    public static final class Builder {
        private AssetKind kind;
        private String name;
        private List<String> ips = List.of();
        private List<String> macs = List.of();
        private List<String> hostnames = List.of();
        private String osName = "";
        private String osVersion = "";
        private List<Software> middleware = List.of();
        private List<Software> databases = List.of();
        private List<Software> frameworks = List.of();
        private String vendor = "";
        private String model = "";
        private String firmware = "";
        private String modality = "";
        private String ruleLibraryVersion = "";
        private String businessSystem = "";
        private String owner = "";
        private String department = "";
        private String location = "";
        private int criticality = DEFAULT_CRITICALITY;
        private List<ExposedService> exposure = List.of();
        private List<OpenPort> ports = List.of();
        private List<String> cpes = List.of();
        private List<String> tags = List.of();

        private Builder(AssetKind kind, String name) {
            this.kind = requireNonNull(kind, "kind is null");
            this.name = requireNonNull(name, "name is null");
        }

        private Builder(AssetAttributes a) {
            kind = a.kind;
            name = a.name;
            ips = a.ips;
            macs = a.macs;
            hostnames = a.hostnames;
            osName = a.osName;
            osVersion = a.osVersion;
            middleware = a.middleware;
            databases = a.databases;
            frameworks = a.frameworks;
            vendor = a.vendor;
            model = a.model;
            firmware = a.firmware;
            modality = a.modality;
            ruleLibraryVersion = a.ruleLibraryVersion;
            businessSystem = a.businessSystem;
            owner = a.owner;
            department = a.department;
            location = a.location;
            criticality = a.criticality;
            exposure = a.exposure;
            ports = a.ports;
            cpes = a.cpes;
            tags = a.tags;
        }

        /** Sets the kind. */
        public Builder kind(AssetKind value) {
            kind = requireNonNull(value, "kind is null");
            return this;
        }

        /** Sets the display name. */
        public Builder name(String value) {
            name = requireNonNull(value, "name is null");
            return this;
        }

        /** Sets the IP addresses. */
        public Builder ips(List<String> value) {
            ips = List.copyOf(value);
            return this;
        }

        /** Sets the IP addresses. */
        public Builder ips(String... value) {
            return ips(List.of(value));
        }

        /** Sets the MAC addresses. */
        public Builder macs(List<String> value) {
            macs = List.copyOf(value);
            return this;
        }

        /** Sets the MAC addresses. */
        public Builder macs(String... value) {
            return macs(List.of(value));
        }

        /** Sets the host names. */
        public Builder hostnames(List<String> value) {
            hostnames = List.copyOf(value);
            return this;
        }

        /** Sets the host names. */
        public Builder hostnames(String... value) {
            return hostnames(List.of(value));
        }

        /** Sets the operating system and its version. */
        public Builder os(String nameValue, String versionValue) {
            osName = requireNonNull(nameValue, "os name is null");
            osVersion = requireNonNull(versionValue, "os version is null");
            return this;
        }

        /** Sets the operating system name. */
        public Builder osName(String value) {
            osName = requireNonNull(value, "osName is null");
            return this;
        }

        /** Sets the operating system version. */
        public Builder osVersion(String value) {
            osVersion = requireNonNull(value, "osVersion is null");
            return this;
        }

        /** Sets the middleware. */
        public Builder middleware(List<Software> value) {
            middleware = List.copyOf(value);
            return this;
        }

        /** Sets the databases. */
        public Builder databases(List<Software> value) {
            databases = List.copyOf(value);
            return this;
        }

        /** Sets the open-source frameworks. */
        public Builder frameworks(List<Software> value) {
            frameworks = List.copyOf(value);
            return this;
        }

        /** Sets the device vendor. */
        public Builder vendor(String value) {
            vendor = requireNonNull(value, "vendor is null");
            return this;
        }

        /** Sets the device model. */
        public Builder model(String value) {
            model = requireNonNull(value, "model is null");
            return this;
        }

        /** Sets the firmware version. */
        public Builder firmware(String value) {
            firmware = requireNonNull(value, "firmware is null");
            return this;
        }

        /** Sets the DICOM modality of a medical device. */
        public Builder modality(String value) {
            modality = requireNonNull(value, "modality is null");
            return this;
        }

        /** Sets the rule library version of a security device. */
        public Builder ruleLibraryVersion(String value) {
            ruleLibraryVersion = requireNonNull(value, "ruleLibraryVersion is null");
            return this;
        }

        /** Sets the business system. */
        public Builder businessSystem(String value) {
            businessSystem = requireNonNull(value, "businessSystem is null");
            return this;
        }

        /** Sets the person responsible. */
        public Builder owner(String value) {
            owner = requireNonNull(value, "owner is null");
            return this;
        }

        /** Sets the department. */
        public Builder department(String value) {
            department = requireNonNull(value, "department is null");
            return this;
        }

        /** Sets the location. */
        public Builder location(String value) {
            location = requireNonNull(value, "location is null");
            return this;
        }

        /** Sets the criticality, 1 (low) to 4 (critical). */
        public Builder criticality(int value) {
            criticality = value;
            return this;
        }

        /** Sets the services reachable from the internet. */
        public Builder exposure(List<ExposedService> value) {
            exposure = List.copyOf(value);
            return this;
        }

        /** Sets the open ports. */
        public Builder ports(List<OpenPort> value) {
            ports = List.copyOf(value);
            return this;
        }

        /** Sets the CPE names. */
        public Builder cpes(List<String> value) {
            cpes = List.copyOf(value);
            return this;
        }

        /** Sets the tags. */
        public Builder tags(List<String> value) {
            tags = List.copyOf(value);
            return this;
        }

        /** Sets the tags. */
        public Builder tags(String... value) {
            return tags(List.of(value));
        }

        /** The attributes; {@link AssetErrorCode#INVALID_ASSET} when a value is invalid. */
        public AssetAttributes build() {
            return new AssetAttributes(kind, name, ips, macs, hostnames, osName, osVersion, middleware, databases,
                    frameworks, vendor, model, firmware, modality, ruleLibraryVersion, businessSystem, owner,
                    department, location, criticality, exposure, ports, cpes, tags);
        }

        /** Adds addresses not yet present (used by merges). */
        Builder addAddresses(List<String> moreIps, List<String> moreMacs, List<String> moreHostnames) {
            ips = union(ips, moreIps);
            macs = union(macs, moreMacs);
            hostnames = union(hostnames, moreHostnames);
            return this;
        }

        private static List<String> union(List<String> a, List<String> b) {
            if (b.isEmpty()) {
                return a;
            }
            List<String> out = new ArrayList<>(a);
            for (String s : b) {
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
            return out;
        }
    }
}
